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

/** Waits until the child's stderr matches `pattern`; returns the match. */
export function waitForStderr(cli: CliProcess, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return pollUntil(async () => cli.stderr().match(pattern) ?? undefined, {
    description: `harness CLI output matching ${pattern} (stderr so far: ${JSON.stringify(cli.stderr().slice(-300))})`,
    timeoutMs,
    intervalMs: 100,
  });
}
