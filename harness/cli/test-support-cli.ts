import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pollUntil } from '../core/deadline.ts';
import { REPO_ROOT } from '../core/run-dir.ts';

/** A `harness` CLI child process with its output collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or signal name). */
  readonly exited: Promise<number | string>;
}

/** Runs `bin/harness.mjs` on this Node with the given harness home. */
export function runCli(args: readonly string[], home: string): CliProcess {
  const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'harness.mjs'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, HARNESS_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code ?? -1)),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/**
 * Waits until the child's stderr matches `pattern`; returns the match. Fails as soon as the child
 * exits without printing it, and every failure quotes the output as it is at that moment.
 */
export async function waitForStderr(cli: CliProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  const exited = new AbortController();
  void cli.exited.then((how) => exited.abort(new Error(`the harness CLI ended (${how}) before printing ${pattern}`)));
  try {
    return await pollUntil(async () => cli.stderr().match(pattern) ?? undefined, {
      description: `harness CLI output matching ${pattern}`,
      timeoutMs,
      intervalMs: 100,
      signal: exited.signal,
    });
  } catch (error) {
    // A match printed together with the exit still counts.
    const late = cli.stderr().match(pattern);
    if (late) return late;
    const tail = (text: string) => JSON.stringify(text.slice(-1500));
    throw new Error(`${(error as Error).message}\nstderr: ${tail(cli.stderr())}\nstdout: ${tail(cli.stdout())}`, {
      cause: error,
    });
  }
}
