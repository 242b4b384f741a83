import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { HarnessError } from './harness-error.ts';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds `name` on PATH, or undefined. */
export function whichSync(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * Returns the first existing executable among `candidates` (absolute paths or names on PATH), or
 * throws BINARY_MISSING naming the Debian package that provides it.
 */
export function requireBinary(candidates: readonly string[], debianPackage: string): string {
  for (const candidate of candidates) {
    const found = candidate.includes('/') ? (isExecutable(candidate) ? candidate : undefined) : whichSync(candidate);
    if (found) return found;
  }
  throw new HarnessError(
    'BINARY_MISSING',
    `${candidates[0]} not found; install the Debian package: apt-get install -y ${debianPackage}`,
  );
}

/** The PostgreSQL server binaries directory, newest major version first. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  for (const version of versions) {
    if (isExecutable(join(root, version, 'bin', 'postgres'))) return join(root, version, 'bin');
  }
  const initdb = whichSync('initdb');
  if (initdb && whichSync('pg_ctl')) return dirname(initdb);
  throw new HarnessError(
    'BINARY_MISSING',
    'PostgreSQL server binaries (initdb, postgres) not found; install the Debian package: apt-get install -y postgresql',
  );
}
