import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { HarnessError } from '../core/harness-error.ts';
import { renderParityHtml } from './parity-html.ts';
import { renderParityJunit } from './parity-junit.ts';
import { parityReportErrors, type ParityReport } from './parity-report.ts';

export interface ParityReportFiles {
  readonly json: string;
  readonly junit: string;
  readonly html: string;
}

function readImageFrom(directory: string): (path: string) => string | undefined {
  return (path) => {
    try {
      return readFileSync(isAbsolute(path) ? path : join(directory, path)).toString('base64');
    } catch {
      // The page then says the image is not embedded; a missing screenshot must not lose the report.
      return undefined;
    }
  };
}

/**
 * Writes `parity.json`, `parity.junit.xml` and `parity.html` into `directory` (created if needed).
 * A report that does not match its schema is refused (`REPORT_INVALID`) before anything is written,
 * so CI never reads a half-valid file. Screenshot paths are relative to `directory`.
 */
export function writeParityReports(directory: string, report: ParityReport): ParityReportFiles {
  const errors = parityReportErrors(report);
  if (errors.length > 0) throw new HarnessError('REPORT_INVALID', `parity report: ${errors.join('; ')}`);
  const root = resolve(directory);
  mkdirSync(root, { recursive: true });
  const files = {
    json: join(root, 'parity.json'),
    junit: join(root, 'parity.junit.xml'),
    html: join(root, 'parity.html'),
  };
  writeFileSync(files.json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(files.junit, renderParityJunit(report));
  writeFileSync(files.html, renderParityHtml(report, { readImage: readImageFrom(root) }));
  return files;
}
