import type { Finding } from './finding.ts';

/**
 * The families of checks, cheapest first; the runner keeps this order so that a broken deploy shows
 * up in seconds (static) before minutes of traffic are spent on it.
 */
export const CHECK_FAMILIES = ['static', 'traffic', 'wiring', 'smoke'] as const;

export type CheckFamily = (typeof CHECK_FAMILIES)[number];

/** Titles of the families, as the reports show them. */
export const CHECK_FAMILY_TITLES: Readonly<Record<CheckFamily, string>> = {
  static: 'Static (no traffic)',
  traffic: 'Differential traffic',
  wiring: 'Behaviour of the managed wiring',
  smoke: 'Browser and load smoke',
};

/**
 * One parity check. `run` receives whatever the caller gathered (`C`: facts read from compose and
 * the emulator, handles to both profiles) and returns its findings; it throws only when it could
 * not look, which the runner records as status `error` (the gate exits 2).
 *
 * `run` is a property, not a method, so that TypeScript checks its parameter contravariantly: a
 * check needing `{ a }` fits a runner whose context is `{ a, b }`, not the other way round.
 */
export interface ParityCheck<C = unknown> {
  /** Stable, kebab-case; what `--only` and `--skip` name. */
  readonly id: string;
  readonly family: CheckFamily;
  readonly title: string;
  readonly run: (context: C) => Promise<readonly Finding[]>;
}
