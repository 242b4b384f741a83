import { describe, expect, it } from 'vitest';
import { normaliseAmount } from './money.ts';

describe('normaliseAmount', () => {
  it.each([
    ['123.45', '123.45'],
    ['1234.5', '1234.50'],
    ['7', '7.00'],
    [' 0.01 ', '0.01'],
    ['0012,30', '12.30'],
    ['999999999.99', '999999999.99'],
  ])('accepts %j as %j', (input, amount) => {
    expect(normaliseAmount(input)).toEqual({ amount });
  });

  it.each(['', 'abc', '1.234', '-5', '1e3', '12.', '.5', '1000000000.00'])('rejects %j', (input) => {
    expect(normaliseAmount(input)).toHaveProperty('error');
  });

  it.each(['0', '0.00', '000.0'])('rejects the zero amount %j', (input) => {
    expect(normaliseAmount(input)).toEqual({ error: 'The amount must be greater than zero.' });
  });
});
