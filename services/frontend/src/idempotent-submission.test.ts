import { describe, expect, it } from 'vitest';
import { IdempotentSubmission } from './idempotent-submission.ts';

function counter(): () => string {
  let next = 0;
  return () => `key-${(next += 1)}`;
}

describe('IdempotentSubmission', () => {
  const entry = { type: 'credit', amount: '10.00', date: '2026-01-02', description: 'sale' };

  it('reuses the key when the same body is sent again before a definitive answer', () => {
    const submission = new IdempotentSubmission(counter());
    expect(submission.keyFor(entry)).toBe('key-1');
    expect(submission.keyFor({ ...entry })).toBe('key-1');
  });

  it('gives a changed body a new key', () => {
    const submission = new IdempotentSubmission(counter());
    submission.keyFor(entry);
    expect(submission.keyFor({ ...entry, amount: '11.00' })).toBe('key-2');
  });

  it('gives the same body a new key once the previous submission settled', () => {
    const submission = new IdempotentSubmission(counter());
    submission.keyFor(entry);
    submission.settle();
    expect(submission.keyFor(entry)).toBe('key-2');
  });

  it('uses random UUIDs by default', () => {
    expect(new IdempotentSubmission().keyFor(entry)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
