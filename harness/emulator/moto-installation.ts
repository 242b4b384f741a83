import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { HarnessError } from '../core/harness-error.ts';
import { whichSync } from '../core/require-binary.ts';

const run = promisify(execFile);

/** Where moto_server really lives and which Python runs it. */
export interface MotoInstallation {
  /** The moto_server script itself (behind any pyenv shim). */
  readonly script: string;
  /** The interpreter from the script's shebang; the version is read with the same one. */
  readonly python: string;
}

/** The command that installs moto's server where it is missing. */
const MOTO_INSTALL_HINT = 'pip install "moto[server]"';

/**
 * Finds moto_server on PATH. A pyenv shim is resolved to the real script, so the server is started
 * without the shim's shell overhead and its version is read with the interpreter that runs it.
 */
export async function findMotoInstallation(): Promise<MotoInstallation> {
  const onPath = whichSync('moto_server');
  if (!onPath) {
    throw new HarnessError('BINARY_MISSING', `moto_server not found on PATH; install it with: ${MOTO_INSTALL_HINT}`);
  }
  let script = onPath;
  if (readFileSync(onPath, 'utf8').slice(0, 2000).includes('pyenv')) {
    const { stdout } = await run('pyenv', ['which', 'moto_server']).catch(() => ({ stdout: '' }));
    if (stdout.trim()) script = stdout.trim();
  }
  const shebang = readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  const python = shebang.startsWith('#!') ? shebang.slice(2).trim().split(/\s+/)[0] : undefined;
  if (!python || python.endsWith('/env') || python.endsWith('bash') || python.endsWith('sh')) {
    return { script, python: whichSync('python3') ?? 'python3' };
  }
  return { script, python };
}

/** The installed moto version, read with moto_server's own interpreter; `unknown` if that fails. */
export async function readMotoVersion(installation: MotoInstallation): Promise<string> {
  try {
    const { stdout } = await run(installation.python, [
      '-c',
      "import importlib.metadata as m; print(m.version('moto'))",
    ]);
    return stdout.trim() || 'unknown';
  } catch {
    return 'unknown';
  }
}
