import { describe, expect, it } from 'vitest';
import { synth } from './fixtures.ts';

describe('CashflowStack', () => {
  it('synthesizes offline with explicit props', () => {
    // GIVEN / WHEN
    const { json } = synth();
    // THEN
    expect(Object.keys(json.Resources as object).length).toBeGreaterThan(50);
  });
});
