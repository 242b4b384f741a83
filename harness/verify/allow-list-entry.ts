import { HarnessError } from '../core/harness-error.ts';
import type { Finding, FindingCode } from './finding.ts';

/** One accepted difference. Allowed findings stay in the reports, marked accepted with this reason. */
export interface AllowListEntry {
  readonly code: FindingCode;
  /**
   * The finding's subject, exact or a glob: `*` matches within one path segment (no `/`), `**`
   * across segments, e.g. `*\/desiredCount` or `consolidated/**`.
   */
  readonly subject: string;
  /** Why the difference is acceptable; required, because an unexplained exception is a hidden defect. */
  readonly reason: string;
  /** Restricts the entry to one check's findings. */
  readonly check?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}

/** Compiles a subject glob to an anchored regular expression. */
export function subjectPattern(glob: string): RegExp {
  const source = glob
    .split('**')
    .map((part) => part.split('*').map(escapeRegExp).join('[^/]*'))
    .join('.*');
  return new RegExp(`^${source}$`);
}

/** The first entry that accepts the finding, if any. */
export function findAllowance(item: Finding, entries: readonly AllowListEntry[]): AllowListEntry | undefined {
  return entries.find(
    (entry) =>
      entry.code === item.code &&
      (entry.check === undefined || entry.check === item.check) &&
      subjectPattern(entry.subject).test(item.subject),
  );
}

/** Refuses entries without a reason or subject: the gate would otherwise accept more than anyone decided. */
export function validateAllowList(entries: readonly AllowListEntry[]): void {
  const problems = entries.flatMap((entry, index) => {
    const where = `allow-list entry ${index} (${entry.code} ${entry.subject || '<no subject>'})`;
    return [
      ...(entry.reason.trim() === '' ? [`${where} has no reason`] : []),
      ...(entry.subject.trim() === '' ? [`${where} has no subject`] : []),
    ];
  });
  if (problems.length > 0) throw new HarnessError('ALLOW_LIST_INVALID', problems.join('; '));
}
