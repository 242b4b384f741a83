import { describe, expect, it } from 'vitest';
import { isIsoDate, localIsoDate } from './dates.ts';

describe('dates', () => {
  it('formats the local calendar date', () => {
    expect(localIsoDate(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05');
  });

  it.each(['2026-02-28', '2024-02-29'])('accepts %s', (value) => expect(isIsoDate(value)).toBe(true));

  it.each(['2026-02-29', '2026-13-01', '26-01-01', '', '2026-1-1'])('rejects %j', (value) =>
    expect(isIsoDate(value)).toBe(false),
  );
});
