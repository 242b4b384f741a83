import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// An App without an outdir synthesizes into a fresh temp dir it never removes (hundreds per run).
// Each test file gets one dir of its own through CDK_OUTDIR, the variable App reads, and removes
// it when the file is done. Files in one worker run one after another, so they never share it.
const outdir = mkdtempSync(join(tmpdir(), 'infra-test-cdk-out-'));
process.env.CDK_OUTDIR = outdir;

afterAll(() => {
  if (process.env.CDK_OUTDIR === outdir) delete process.env.CDK_OUTDIR;
  rmSync(outdir, { recursive: true, force: true });
});
