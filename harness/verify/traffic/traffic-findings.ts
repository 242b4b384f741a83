import type { ProfileName } from '../../stack/stack-document.ts';
import type { AnswerDrift } from './response-diff.ts';
import type { LedgerDay } from './reference-ledger.ts';
import { ledgerTotals } from './reference-ledger.ts';
import type { NormalizedAnswer } from './normalize-answers.ts';
import type { Transcript } from './run-request-script.ts';

/** A finding of the traffic check, in the gate's finding shape minus the check id. */
export interface TrafficFinding {
  readonly code: 'RESPONSE_DRIFT' | 'LEDGER_MISMATCH' | 'CONSOLIDATION_STALLED' | 'SERVER_ERROR';
  readonly severity: 'error';
  readonly subject: string;
  readonly compose?: string;
  readonly aws?: string;
  readonly explanation: string;
}

/**
 * One finding per kind of drift rather than per request: 2,000 entries that all differ the same
 * way are one defect, shown with its first request and a count.
 */
export function driftFindings(drifts: readonly AnswerDrift[]): TrafficFinding[] {
  const groups = new Map<string, AnswerDrift[]>();
  for (const drift of drifts) {
    const key = `${drift.group}|${drift.pointers.join(',')}`;
    const list = groups.get(key) ?? [];
    list.push(drift);
    groups.set(key, list);
  }
  return [...groups.values()].map((list) => {
    const first = list[0]!;
    const more = list.length > 1 ? ` and ${list.length - 1} more ${first.group} requests` : '';
    return {
      code: 'RESPONSE_DRIFT',
      severity: 'error',
      subject: `${first.request} (${first.id}${more})`,
      compose: render(first.compose, first.pointers),
      aws: render(first.aws, first.pointers),
      explanation: `the profiles answer differently at ${first.pointers.join(', ')}, beyond the noise of two runs on one profile`,
    };
  });
}

function render(answer: NormalizedAnswer, pointers: readonly string[]): string {
  const shown = pointers.every((p) => p === '/status' || p === '/mediaType')
    ? { status: answer.status, mediaType: answer.mediaType }
    : { status: answer.status, body: answer.body };
  const text = JSON.stringify(shown);
  return text.length > 600 ? `${text.slice(0, 600)}...` : text;
}

function cents(text: unknown): number | undefined {
  if (typeof text !== 'string' || !/^-?\d+\.\d{2}$/.test(text)) return undefined;
  const negative = text.startsWith('-');
  const [units, hundredths] = text.replace('-', '').split('.');
  const value = Number(units) * 100 + Number(hundredths);
  return negative ? -value : value;
}

/**
 * Each profile's balances against the reference the gate computed from its own requests: every
 * day's credits, debits and entry count, and the whole window's report totals.
 */
export function ledgerFindings(
  profile: ProfileName,
  transcript: Transcript,
  reference: readonly LedgerDay[],
): TrafficFinding[] {
  const findings: TrafficFinding[] = [];
  const byId = new Map(transcript.answers.map((answer) => [answer.id, answer]));
  const mismatch = (subject: string, expected: unknown, actual: unknown, explanation: string): TrafficFinding => ({
    code: 'LEDGER_MISMATCH',
    severity: 'error',
    subject: `${profile}: ${subject}`,
    [profile === 'compose' ? 'compose' : 'aws']: JSON.stringify(actual),
    [profile === 'compose' ? 'aws' : 'compose']: `reference ${JSON.stringify(expected)}`,
    explanation,
  });
  reference.forEach((day, i) => {
    const answer = byId.get(`balance-${String(i).padStart(4, '0')}`);
    const body = answer?.body as Record<string, unknown> | undefined;
    const actual = {
      creditsCents: cents(body?.credits),
      debitsCents: cents(body?.debits),
      entries: body?.entries,
    };
    const expected = { creditsCents: day.creditsCents, debitsCents: day.debitsCents, entries: day.entries };
    if (
      answer?.status !== 200 ||
      actual.creditsCents !== expected.creditsCents ||
      actual.debitsCents !== expected.debitsCents ||
      actual.entries !== expected.entries
    ) {
      findings.push(
        mismatch(
          `balance of ${day.date}`,
          expected,
          answer?.status === 200 ? actual : { status: answer?.status },
          'the day balance is not the sum of the entries the gate registered (each once)',
        ),
      );
    }
  });
  const totals = ledgerTotals(reference);
  const report = byId.get('report-window');
  const reported = (report?.body as { totals?: Record<string, unknown> } | undefined)?.totals;
  const actualTotals = {
    creditsCents: cents(reported?.credits),
    debitsCents: cents(reported?.debits),
    entries: reported?.entries,
  };
  if (
    report?.status !== 200 ||
    actualTotals.creditsCents !== totals.creditsCents ||
    actualTotals.debitsCents !== totals.debitsCents ||
    actualTotals.entries !== totals.entries
  ) {
    findings.push(
      mismatch(
        'report totals of the window',
        totals,
        report?.status === 200 ? actualTotals : { status: report?.status },
        'the report totals are not the sum of the entries the gate registered',
      ),
    );
  }
  const wait = transcript.consolidation;
  if (wait !== undefined && !wait.settled) {
    findings.push({
      code: 'CONSOLIDATION_STALLED',
      severity: 'error',
      subject: `${profile}: consolidation of the script's entries`,
      [profile]: `${wait.seenEntries} of ${wait.expectedEntries} entries after ${Math.round(wait.waitedMs / 1000)} s`,
      explanation: 'consolidation stopped making progress before every registered entry was applied',
    });
  }
  return findings;
}

/** Any 5xx is a defect whatever the other profile says: bad input must never reach a 500. */
export function serverErrorFindings(profile: ProfileName, transcript: Transcript): TrafficFinding[] {
  const failed = transcript.answers.filter((answer) => answer.status >= 500);
  if (failed.length === 0) return [];
  const first = failed[0]!;
  return [
    {
      code: 'SERVER_ERROR',
      severity: 'error',
      subject: `${profile}: ${first.method} ${first.path} (${first.id}${failed.length > 1 ? ` and ${failed.length - 1} more` : ''})`,
      [profile]: JSON.stringify({ status: first.status, body: first.body }).slice(0, 600),
      explanation: 'the gateway answered 5xx to a request of the script',
    },
  ];
}
