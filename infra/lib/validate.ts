import { Token } from 'aws-cdk-lib';

/**
 * Prop validation shared by the constructs. Every message names the construct and the prop,
 * so a bad value in `bin/app.ts` context or harness props points at the line to fix.
 * Unresolved tokens (e.g. CfnParameter values) are accepted: they are only known at deploy time.
 */
export function requireIntegerInRange(owner: string, prop: string, value: number, min: number, max: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${owner}: prop '${prop}' must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/** Throws unless `value` matches `pattern`; `expected` describes the pattern in words. */
export function requireMatch(owner: string, prop: string, value: string, pattern: RegExp, expected: string): void {
  if (Token.isUnresolved(value)) return;
  if (!pattern.test(value)) {
    throw new Error(`${owner}: prop '${prop}' must be ${expected}, got '${value}'`);
  }
}

/** Throws unless `value` is one of `allowed`. */
export function requireOneOf<T extends string>(owner: string, prop: string, value: T, allowed: readonly T[]): void {
  if (!allowed.includes(value)) {
    throw new Error(`${owner}: prop '${prop}' must be one of ${allowed.join(', ')}, got '${value}'`);
  }
}

/** Throws when `min` exceeds `max`; both props are named. */
export function requireOrdered(owner: string, minProp: string, min: number, maxProp: string, max: number): void {
  if (Token.isUnresolved(min) || Token.isUnresolved(max)) return;
  if (min > max) {
    throw new Error(`${owner}: prop '${minProp}' (${min}) must not exceed '${maxProp}' (${max})`);
  }
}
