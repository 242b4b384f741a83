/**
 * The load scenarios: the one source of truth for rate, duration, ramp, endpoints, data mix and
 * thresholds. The k6 scripts (load/k6/) and the Node open-model runner (load/runner/) both read
 * these definitions, so a k6 run and a CI run check the same thing. Plain data and pure functions
 * only: k6 imports this file too, and k6 has no Node built-ins.
 */

/** One kind of request in a scenario's mix; `{date}`, `{from}` and `{to}` are filled from the data mix. */
export interface WeightedRequest {
  readonly name: string;
  readonly weight: number;
  readonly method: 'GET' | 'POST';
  readonly pathTemplate: string;
}

/** A stage of a ramping arrival rate, as k6's ramping-arrival-rate executor takes it. */
export interface RateStage {
  readonly target: number;
  readonly durationSeconds: number;
}

/** The dates the requests read: `days` days from `firstDate`, uniformly. */
export interface DateMix {
  readonly firstDate: string;
  readonly days: number;
  /** Days a report spans. */
  readonly reportDays: number;
}

export interface LoadScenario {
  readonly name: string;
  readonly description: string;
  readonly executor: 'constant-arrival-rate' | 'ramping-arrival-rate';
  /** Arrivals per second (constant), or the start rate (ramping). */
  readonly rate: number;
  /** Length of a constant-arrival-rate run. Ramping runs last as long as their stages. */
  readonly durationSeconds: number;
  readonly stages?: readonly RateStage[];
  /** Requests in flight at once at most; an arrival that finds them all busy is dropped (k6's maxVUs). */
  readonly maxVUs: number;
  readonly preAllocatedVUs: number;
  readonly requests: readonly WeightedRequest[];
  readonly dates: DateMix;
  /** k6 threshold expressions by metric. */
  readonly thresholds: Readonly<Record<string, readonly string[]>>;
}

const consolidationReads: readonly WeightedRequest[] = [
  { name: 'balance', weight: 8, method: 'GET', pathTemplate: '/api/consolidated/balances/{date}' },
  { name: 'report', weight: 2, method: 'GET', pathTemplate: '/api/consolidated/report?from={from}&to={to}' },
];

const readDates: DateMix = { firstDate: '2026-11-01', days: 30, reportDays: 7 };

/**
 * The system's requirement: on peak days the consolidated service gets 50 requests per second,
 * and at most 5% of them may be lost.
 */
export const consolidationPeak: LoadScenario = {
  name: 'consolidation-peak',
  description: '50 req/s of balance and report reads for 60 s, at most 5% failed (the requirement)',
  executor: 'constant-arrival-rate',
  rate: 50,
  durationSeconds: 60,
  maxVUs: 100,
  preAllocatedVUs: 20,
  requests: consolidationReads,
  dates: readDates,
  thresholds: {
    http_req_failed: ['rate<0.05'],
    http_req_duration: ['p(95)<250', 'p(99)<500'],
    dropped_iterations: ['count<150'],
  },
};

/** The peak scenario for 15 s: the load smoke of `harness verify`. */
const consolidationSmoke: LoadScenario = {
  ...consolidationPeak,
  name: 'consolidation-smoke',
  description: 'the peak scenario for 15 s, on each profile, inside harness verify',
  durationSeconds: 15,
  thresholds: { ...consolidationPeak.thresholds, dropped_iterations: ['count<38'] },
};

/**
 * Arrival rate stepped up to find the knee: the highest rate at which p99 stays at or under
 * 100 ms and errors at or under 1%. The Node runner stops at the first step that breaks.
 */
export const consolidationStress: LoadScenario = {
  name: 'consolidation-stress',
  description: 'arrival rate stepped up until p99 > 100 ms or errors > 1%; the knee is the last step that held',
  executor: 'ramping-arrival-rate',
  // Starts below the first step, so that each step, the first included, is a 1 s ramp and 5 s held.
  rate: 50,
  durationSeconds: 0,
  stages: [250, 500, 1000, 2000, 3000, 4000, 5000, 6000, 8000, 10000, 12000].flatMap((target) => [
    { target, durationSeconds: 1 },
    { target, durationSeconds: 5 },
  ]),
  maxVUs: 512,
  preAllocatedVUs: 64,
  requests: consolidationReads,
  dates: readDates,
  // Judged per held step (the knee), not over the whole run, whose last step breaks by design.
  thresholds: {},
};

/** The stress scenario's limits: a step holds while its p99 and error rate stay within them. */
export const KNEE_LIMITS = { p99Ms: 100, errorRate: 0.01 } as const;

export const loadScenarios: Readonly<Record<string, LoadScenario>> = {
  [consolidationPeak.name]: consolidationPeak,
  [consolidationSmoke.name]: consolidationSmoke,
  [consolidationStress.name]: consolidationStress,
};

/**
 * Entries written at a fixed rate while their days' balances are read back: each entry is the only
 * one of its day, so the day's balance shows exactly when consolidation has applied it. The lag is
 * from the entry's 201 to the first read that shows it; an entry never shown within `settleSeconds`
 * of the last write is lost.
 */
export interface WriteThenReadScenario {
  readonly name: string;
  readonly description: string;
  /** Entries per second (constant arrival rate). */
  readonly writeRate: number;
  readonly durationSeconds: number;
  /** Writes in flight at once at most; an arrival that finds them all busy is dropped (k6's maxVUs). */
  readonly maxVUs: number;
  readonly preAllocatedVUs: number;
  /** How often a pending entry's balance is read again: the lag's resolution. */
  readonly pollIntervalMs: number;
  /** How long after the last write an entry may still become visible before it counts as lost. */
  readonly settleSeconds: number;
  /**
   * Entries spread round-robin over this many days from the first, so each day sums several.
   * @default one day per entry (a day's balance shows exactly when its one entry is applied)
   */
  readonly entryDays?: number;
  /**
   * Balances of the run's days read at this constant rate (reads/s) instead of following each
   * entry until it shows: a read load next to the writes, for runs whose caller checks the
   * ledger itself (scenarios/faults/). Unset: each entry is read back until visible.
   */
  readonly readRate?: number;
  /** Consolidated killed (SIGKILL, as a crashed task) at `atSecond` and started again `downSeconds` later. */
  readonly kill?: { readonly atSecond: number; readonly downSeconds: number };
  /** k6 threshold expressions on `consolidation_lag` (ms), `entries_lost` and `http_req_failed` (the writes). */
  readonly thresholds: Readonly<Record<string, readonly string[]>>;
}

/** The target for entries: consolidation lag p99 at most 500 ms, nothing lost. */
export const writeThenRead: WriteThenReadScenario = {
  name: 'write-then-read',
  description: 'entries at 50/s for 30 s, each read back until its balance shows it: consolidation lag, nothing lost',
  writeRate: 50,
  durationSeconds: 30,
  maxVUs: 200,
  preAllocatedVUs: 20,
  pollIntervalMs: 25,
  settleSeconds: 30,
  thresholds: {
    consolidation_lag: ['p(50)<250', 'p(99)<500'],
    entries_lost: ['count==0'],
    http_req_failed: ['rate<0.01'],
  },
};

/**
 * The same with consolidated killed mid-run: entries keep being accepted (cashflow and the broker
 * hold them) and must all show once it is back. The lag of entries written while it was down
 * includes the outage, so only loss is a threshold; the report gives the lag and the catch-up time.
 */
export const writeThenReadKilled: WriteThenReadScenario = {
  ...writeThenRead,
  name: 'write-then-read-killed',
  description:
    'write-then-read with consolidated killed at 10 s and started again 5 s later: lag, catch-up, nothing lost',
  kill: { atSecond: 10, downSeconds: 5 },
  settleSeconds: 90,
  thresholds: { entries_lost: ['count==0'], http_req_failed: ['rate<0.01'] },
};

/**
 * The load under which scenarios/faults/ injects each fault: entries at 200/s (the floor)
 * spread over 200 days, plus 30 balance reads/s of those days. No entry is followed: the fault
 * suite checks the ledger in the databases afterwards, so only the run's shape is defined here.
 */
export const writeThenReadUnderFault: WriteThenReadScenario = {
  ...writeThenRead,
  name: 'write-then-read-under-fault',
  description: 'entries at 200/s over 200 days and 30 balance reads/s, with a fault injected mid-run',
  writeRate: 200,
  durationSeconds: 60,
  maxVUs: 400,
  preAllocatedVUs: 50,
  settleSeconds: 0,
  entryDays: 200,
  readRate: 30,
  thresholds: {},
};

export const writeThenReadScenarios: Readonly<Record<string, WriteThenReadScenario>> = {
  [writeThenRead.name]: writeThenRead,
  [writeThenReadKilled.name]: writeThenReadKilled,
};

/**
 * The request body of a write-then-read run's `i`-th entry: on a day of its own from `firstDate`,
 * or on day `i % days` when the run spreads its entries over `days` days.
 */
export function entryOf(
  firstDate: string,
  i: number,
  days?: number,
): { type: 'credit'; amount: number; date: string; description: string } {
  const day = days === undefined ? i : i % days;
  return { type: 'credit', amount: 100 + (i % 9_900), date: addDays(firstDate, day), description: `load entry ${i}` };
}

/**
 * The first day of a run's entries: a random day of 2100-2899, so that runs against a long-lived
 * stack land on days no earlier run wrote (two runs of 1,500 entries share a day with odds of about 1%).
 */
export function entriesFirstDate(random: number): string {
  return addDays('2100-01-01', Math.floor(random * 290_000));
}

/** Total seconds a scenario runs. */
export function scenarioDurationSeconds(scenario: LoadScenario): number {
  if (scenario.executor === 'constant-arrival-rate') return scenario.durationSeconds;
  return (scenario.stages ?? []).reduce((sum, stage) => sum + stage.durationSeconds, 0);
}

/**
 * Arrivals due by `seconds` into the run: the integral of the arrival rate, so that a late
 * response never slows the arrivals (the open model).
 */
export function arrivalsDueBy(scenario: LoadScenario, seconds: number): number {
  if (scenario.executor === 'constant-arrival-rate') {
    return Math.floor(Math.min(seconds, scenario.durationSeconds) * scenario.rate);
  }
  let due = 0;
  let from = scenario.rate;
  let elapsed = 0;
  for (const stage of scenario.stages ?? []) {
    const span = Math.min(stage.durationSeconds, Math.max(0, seconds - elapsed));
    if (span <= 0) break;
    // Linear from `from` to `stage.target` over the stage: the area of the trapezoid so far.
    const rateAtEnd = from + ((stage.target - from) * span) / stage.durationSeconds;
    due += ((from + rateAtEnd) / 2) * span;
    elapsed += stage.durationSeconds;
    from = stage.target;
  }
  return Math.floor(due);
}

/** The `i`-th request of a run: deterministic, so two runs send the same mix. */
export function requestPath(scenario: LoadScenario, i: number): { name: string; method: string; path: string } {
  const totalWeight = scenario.requests.reduce((sum, r) => sum + r.weight, 0);
  // A multiplicative hash spreads consecutive arrivals over the mix and the dates.
  const h = Math.imul(i + 1, 0x9e3779b1) >>> 0;
  let pick = h % totalWeight;
  const request = scenario.requests.find((r) => (pick -= r.weight) < 0) ?? scenario.requests[0]!;
  const dayOffset = (h >>> 8) % scenario.dates.days;
  const from = addDays(scenario.dates.firstDate, dayOffset);
  const path = request.pathTemplate
    .replace('{date}', from)
    .replace('{from}', from)
    .replace('{to}', addDays(from, scenario.dates.reportDays - 1));
  return { name: request.name, method: request.method, path };
}

/** `date` (YYYY-MM-DD) plus `days` days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
