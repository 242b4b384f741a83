import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A text the run produced, named as a finding will name it. */
export interface RunArtifact {
  readonly name: string;
  readonly text: string;
}

/** Larger files are read up to this size: a leak is written early (at start) or repeatedly. */
const MAX_BYTES = 32 * 1024 * 1024;
/** Bounds the walk: a run dir holds a few hundred files, PostgreSQL's data dirs included. */
const MAX_FILES = 20_000;

/** Logs of services, routers and servers: `*.log` files, and files in a `log`/`logs` directory. */
export function isLogFile(path: string): boolean {
  return /\.log(\.\d+)?$/.test(path) || /(^|\/)logs?\/[^/]+$/.test(path);
}

/** Report files the gate and its checks write (text only, no screenshots). */
export function isReportFile(path: string): boolean {
  return /\.(json|html|xml|txt|md|log|csv)$/.test(path);
}

/**
 * The files under `root` that `include` selects, as artifacts named by their path relative to
 * `label`'s root. Servers' data and configuration files are not artifacts: they hold credentials
 * by design (redis.conf's `requirepass`, RabbitMQ's users), as a secrets store does.
 */
export function readArtifacts(root: string, label: string, include: (relativePath: string) => boolean): RunArtifact[] {
  const artifacts: RunArtifact[] = [];
  let visited = 0;
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // a server removed its temp dir meanwhile, or it is not ours to read
    }
    for (const entry of entries) {
      if ((visited += 1) > MAX_FILES) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && include(relative(root, path))) {
        const size = statSync(path).size;
        const text = readFileSync(path).subarray(0, Math.min(size, MAX_BYTES)).toString('utf8');
        artifacts.push({ name: join(label, relative(root, path)), text });
      }
    }
  };
  walk(root);
  return artifacts;
}

/**
 * The stack document without the fields that hold credentials by design (it is written mode 0600
 * for them): what remains, the public part, must hold no secret.
 */
export function publicStackDocument(document: unknown): string {
  const CREDENTIAL_KEYS = new Set(['password', 'authToken', 'uri', 'managementUri', 'databases', 'secretAccessKey']);
  return JSON.stringify(
    document,
    (key, value: unknown) => (CREDENTIAL_KEYS.has(key) ? '(credential field, not scanned)' : value),
    2,
  );
}
