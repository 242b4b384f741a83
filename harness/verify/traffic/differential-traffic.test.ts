import { describe, expect, test } from 'vitest';
import { normalizeTranscript } from './normalize-answers.ts';
import { ledgerTotals, referenceLedger } from './reference-ledger.ts';
import { buildRequestScript, scriptRequests } from './request-script.ts';
import { compareProfiles, learnNoise } from './response-diff.ts';
import type { RecordedAnswer, Transcript } from './run-request-script.ts';
import { driftFindings, ledgerFindings } from './traffic-findings.ts';

const script = (baseDate = '2100-01-01', runTag = 't1') => buildRequestScript({ baseDate, runTag });

function answer(id: string, body: unknown, status = 200): RecordedAnswer {
  return {
    id,
    group: 'g',
    method: 'GET',
    path: `/x/${id}`,
    status,
    mediaType: 'application/json',
    body,
    durationMs: 1,
  };
}

function transcript(answers: RecordedAnswer[], baseDate = '2100-01-01'): Transcript {
  return { baseUrl: 'http://127.0.0.1:1/', baseDate, answers, consolidation: undefined, durationMs: 1 };
}

describe('the request script', () => {
  test('is the same for the same seed, request for request', () => {
    expect(script()).toEqual(script());
  });

  test('covers at least 2,000 entries over 30 dates, out of order, credits and debits', () => {
    const entries = scriptRequests(script()).filter((r) => r.group === 'entries');
    const dates = entries.map((r) => (r.json as { date: string }).date);
    expect(entries.length).toBeGreaterThanOrEqual(2000);
    expect(new Set(dates).size).toBe(30);
    expect([...dates].sort()).not.toEqual(dates);
    expect(new Set(entries.map((r) => (r.json as { type: string }).type))).toEqual(new Set(['credit', 'debit']));
  });

  test('has replays, racing duplicates, a conflicting body, bad input, auth failures and reads', () => {
    const groups = new Set(scriptRequests(script()).map((r) => r.group));
    for (const group of ['login', 'auth failures', 'bad input', 'replay', 'duplicates', 'conflict', 'reads']) {
      expect(groups).toContain(group);
    }
  });

  test('never holds the demo password', () => {
    expect(JSON.stringify(script())).not.toMatch(/demo-password/);
    expect(JSON.stringify(script())).toContain('$PASSWORD');
  });
});

describe('the reference ledger', () => {
  test('counts every entry once and none of the replays or losing duplicates', () => {
    const s = script();
    const entries = scriptRequests(s).filter((r) => r.group === 'entries');
    expect(ledgerTotals(referenceLedger(s)).entries).toBe(entries.length + 1);
  });
});

describe('normalization', () => {
  test('numbers ids and timestamps in order of appearance and keeps their relations', () => {
    const id = '0b9c6f3e-27a1-4c1e-9a43-52d1f0a1b2c3';
    const normalized = normalizeTranscript(
      transcript([
        answer('a', { id, createdAt: '2026-12-02T10:00:00.123Z', date: '2100-01-05' }),
        answer('b', { id, other: '1b9c6f3e-27a1-4c1e-9a43-52d1f0a1b2c3' }),
      ]),
    );
    expect(normalized.map((n) => n.body)).toEqual([
      { id: '<uuid-1>', createdAt: '<timestamp-1>', date: '<day+4>' },
      { id: '<uuid-1>', other: '<uuid-2>' },
    ]);
  });
});

describe('drift beyond the noise', () => {
  const run = (requestId: string, code: string, status = 400) =>
    normalizeTranscript(transcript([answer('bad-1', { code, requestId }, status), answer('ok', { n: 1 })]));

  test('what differs between two runs on one profile is noise, not drift', () => {
    const noise = learnNoise(run('r-1', 'A'), run('r-2', 'A'));
    expect(compareProfiles(run('r-1', 'A'), run('r-3', 'A'), noise)).toEqual([]);
  });

  test('a code that differs between the profiles is a RESPONSE_DRIFT naming the request and both answers', () => {
    const noise = learnNoise(run('r-1', 'A'), run('r-2', 'A'));
    const findings = driftFindings(compareProfiles(run('r-1', 'A'), run('r-3', 'B', 500), noise));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'RESPONSE_DRIFT', subject: expect.stringContaining('bad-1') });
    expect(findings[0]!.compose).toContain('"code":"A"');
    expect(findings[0]!.aws).toContain('"code":"B"');
  });
});

describe('balances against the reference', () => {
  test('a day counted twice is a LEDGER_MISMATCH', () => {
    const s = buildRequestScript({ baseDate: '2100-01-01', runTag: 'x', entries: 3, dates: 1 });
    const [day] = referenceLedger(s);
    const fmt = (c: number) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
    const right = answer('balance-0000', {
      credits: fmt(day!.creditsCents),
      debits: fmt(day!.debitsCents),
      entries: day!.entries,
    });
    const report = answer('report-window', {
      totals: { credits: fmt(day!.creditsCents), debits: fmt(day!.debitsCents), entries: day!.entries },
    });
    expect(ledgerFindings('aws', transcript([right, report]), [day!])).toEqual([]);
    const doubled = answer('balance-0000', {
      credits: fmt(day!.creditsCents * 2),
      debits: fmt(day!.debitsCents * 2),
      entries: day!.entries * 2,
    });
    expect(ledgerFindings('aws', transcript([doubled, report]), [day!]).map((f) => f.code)).toEqual([
      'LEDGER_MISMATCH',
    ]);
  });
});
