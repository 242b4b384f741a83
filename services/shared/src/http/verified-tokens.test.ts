import { describe, expect, it } from 'vitest';
import { VerifiedTokens } from './verified-tokens.ts';

describe('VerifiedTokens', () => {
  it('gives the subject of a remembered token until its exp, then forgets it', () => {
    const tokens = new VerifiedTokens();
    tokens.remember('t1', 'alice', 1_000);
    expect(tokens.subjectOf('t1', 999_999)).toBe('alice');
    expect(tokens.subjectOf('t1', 1_000_000)).toBeUndefined();
    // forgotten, not only hidden: a later clock does not bring it back
    expect(tokens.subjectOf('t1', 999_999)).toBeUndefined();
    expect(tokens.subjectOf('never-seen', 0)).toBeUndefined();
  });

  it('stays within its capacity', () => {
    const tokens = new VerifiedTokens(2);
    tokens.remember('a', 'alice', 10);
    tokens.remember('b', 'bob', 10);
    tokens.remember('c', 'carol', 10);
    expect(tokens.subjectOf('c', 0)).toBe('carol');
    expect([tokens.subjectOf('a', 0), tokens.subjectOf('b', 0)]).toEqual([undefined, undefined]);
  });
});
