import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HarnessError } from '../core/harness-error.ts';
import { stackDocumentErrors, type StackDocument } from './stack-document.ts';

/** `.harness/stack.json` under the harness home. */
export function stackFilePath(harnessHome: string): string {
  return join(harnessHome, 'stack.json');
}

/**
 * Validates and writes the document atomically (temp file + rename), readable by the owner only
 * because it holds credentials.
 */
export function writeStackFile(path: string, document: StackDocument): void {
  const errors = stackDocumentErrors(document);
  if (errors.length > 0) {
    throw new HarnessError('STATE_INVALID', `refusing to write an invalid stack document:\n${errors.join('\n')}`);
  }
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(document, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** Reads and validates the document a running `harness up` wrote. */
export function readStackFile(path: string): StackDocument {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new HarnessError('NOT_RUNNING', `no readable stack document at ${path}; is \`harness up\` running?`, {
      cause: error,
    });
  }
  const errors = stackDocumentErrors(parsed);
  if (errors.length > 0) throw new HarnessError('STATE_INVALID', `${path} is invalid:\n${errors.join('\n')}`);
  return parsed as StackDocument;
}

/** Removes the document if it still belongs to `runId` (a newer run may have replaced it). */
export function removeStackFile(path: string, runId: string): void {
  try {
    const current = JSON.parse(readFileSync(path, 'utf8')) as { runId?: string };
    if (current.runId === runId) rmSync(path, { force: true });
  } catch {
    // Already gone or unreadable: nothing of ours to remove.
  }
}
