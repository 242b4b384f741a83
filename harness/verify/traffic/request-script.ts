import { addDays } from '../../../services/shared/src/calendar-date.ts';
import { formatCents } from '../../../services/shared/src/money.ts';
import { SeededRandom } from './seeded-random.ts';

export { addDays };

/** How a request authenticates: the logged-in user's token, or one of the ways a token is wrong. */
export type Credential = 'user' | 'none' | 'malformed' | 'alg-none' | 'bad-signature' | 'wrong-scheme';

/** Placeholders the runner fills with the stack's demo login, so no script, transcript or report holds it. */
export const USERNAME_PLACEHOLDER = '$USERNAME';
export const PASSWORD_PLACEHOLDER = '$PASSWORD';

/** The one entry a request creates when its profile is right, for the independent reference ledger. */
export interface LedgerEffect {
  readonly date: string;
  readonly type: 'credit' | 'debit';
  readonly cents: number;
}

/** One request of the script. `id` is stable across runs and profiles: answers are matched by it. */
export interface ScriptRequest {
  readonly id: string;
  readonly group: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly credential: Credential;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON body. */
  readonly json?: unknown;
  /** A body sent as it is, with `content-type: application/json` (for malformed JSON). */
  readonly rawBody?: string;
  readonly ledger?: LedgerEffect;
}

/** Requests run together: one at a time in order (`concurrency` 1) or up to `concurrency` at once. */
export interface ScriptPhase {
  readonly name: string;
  readonly concurrency: number;
  readonly requests: readonly ScriptRequest[];
  /** Wait, before this phase, until consolidation has applied every entry the ledger expects. */
  readonly awaitConsolidation?: boolean;
}

export interface RequestScript {
  readonly seed: number;
  /** The first day of the script's window; every date of the script lies in `[baseDate, baseDate + dates)`. */
  readonly baseDate: string;
  readonly dates: number;
  /** Distinguishes this run's idempotency keys from another run's on the same stack. */
  readonly runTag: string;
  readonly phases: readonly ScriptPhase[];
}

export interface RequestScriptOptions {
  /** @default 20261202 */
  readonly seed?: number;
  /** @default 2000 */
  readonly entries?: number;
  /** @default 30 */
  readonly dates?: number;
  /** First day of the window; runs on one stack need windows that do not overlap. */
  readonly baseDate: string;
  readonly runTag: string;
  /** How many identical requests race on one idempotency key. @default 10 */
  readonly concurrentDuplicates?: number;
  /** How many entries are sent again with their key and body. @default 20 */
  readonly replays?: number;
  /** Parallel requests while registering entries. @default 16 */
  readonly entryConcurrency?: number;
}

const ENTRIES = '/api/cashflow/entries';
const BALANCES = '/api/consolidated/balances/';
const REPORT = '/api/consolidated/report';

/**
 * The differential traffic script: login, thousands of entries over many dates in random order
 * (credits and debits, decimal and integer amounts), replays and racing duplicates of one key, a
 * key reused with another body, bad input, every way a token can be wrong, and balance and report
 * reads. The same options give the same script, request for request.
 */
export function buildRequestScript(options: RequestScriptOptions): RequestScript {
  const seed = options.seed ?? 20261202;
  const entryCount = options.entries ?? 2000;
  const dates = options.dates ?? 30;
  if (!Number.isInteger(entryCount) || entryCount < 1) throw new RangeError('entries must be a positive integer');
  if (!Number.isInteger(dates) || dates < 1 || dates > 366) throw new RangeError('dates must be from 1 to 366');
  const random = new SeededRandom(seed);
  const day = (offset: number) => addDays(options.baseDate, offset);
  const key = (name: string) => `verify-${options.runTag}-${name}`;

  const entries: ScriptRequest[] = [];
  for (let i = 0; i < entryCount; i++) {
    const type = random.next() < 0.6 ? 'credit' : 'debit';
    const cents = random.integer(1, 500_000);
    const date = day(random.integer(0, dates - 1));
    const amount = random.next() < 0.5 ? cents : formatCents(cents);
    entries.push({
      id: `entry-${pad(i)}`,
      group: 'entries',
      method: 'POST',
      path: ENTRIES,
      credential: 'user',
      headers: { 'idempotency-key': key(`entry-${i}`) },
      json: { type, amount, date, description: `verify ${type} ${i}` },
      ledger: { date, type, cents },
    });
  }

  const replays = random
    .shuffle(entries)
    .slice(0, Math.min(options.replays ?? 20, entries.length))
    .map((original): ScriptRequest => {
      const { ledger: _once, ...request } = original;
      return { ...request, id: `replay-of-${original.id}`, group: 'replay' };
    });

  const duplicateBody = { type: 'credit', amount: '77.77', date: day(0), description: 'verify duplicate' };
  const duplicates = Array.from({ length: options.concurrentDuplicates ?? 10 }, (_, i): ScriptRequest => ({
    id: `duplicate-${pad(i)}`,
    group: 'duplicates',
    method: 'POST',
    path: ENTRIES,
    credential: 'user',
    headers: { 'idempotency-key': key('duplicate') },
    json: duplicateBody,
    // Exactly one of the racing requests creates the entry.
    ...(i === 0 ? { ledger: { date: day(0), type: 'credit' as const, cents: 7777 } } : {}),
  }));

  const conflict: ScriptRequest = {
    id: 'conflict-same-key-other-body',
    group: 'conflict',
    method: 'POST',
    path: ENTRIES,
    credential: 'user',
    headers: { 'idempotency-key': key('duplicate') },
    json: { ...duplicateBody, amount: '77.78' },
  };

  return {
    seed,
    baseDate: options.baseDate,
    dates,
    runTag: options.runTag,
    phases: [
      { name: 'login', concurrency: 1, requests: loginRequests() },
      { name: 'auth failures', concurrency: 1, requests: authFailures(day(0)) },
      { name: 'bad input', concurrency: 1, requests: badInput(day(0), key) },
      { name: 'entries', concurrency: options.entryConcurrency ?? 16, requests: entries },
      { name: 'replays', concurrency: 1, requests: replays },
      { name: 'concurrent duplicates', concurrency: duplicates.length, requests: duplicates },
      { name: 'conflict', concurrency: 1, requests: [conflict] },
      { name: 'reads', concurrency: 1, requests: reads(day, dates), awaitConsolidation: true },
    ],
  };
}

function loginRequests(): ScriptRequest[] {
  const token = (id: string, json: unknown): ScriptRequest => ({
    id,
    group: 'login',
    method: 'POST',
    path: '/api/auth/token',
    credential: 'none',
    json,
  });
  return [
    token('login-wrong-password', { username: USERNAME_PLACEHOLDER, password: 'not-the-password' }),
    token('login-unknown-user', { username: 'nobody-verify', password: 'whatever-it-is' }),
    token('login-missing-password', { username: USERNAME_PLACEHOLDER }),
    token('login', { username: USERNAME_PLACEHOLDER, password: PASSWORD_PLACEHOLDER }),
  ];
}

function authFailures(date: string): ScriptRequest[] {
  const credentials: Credential[] = ['none', 'malformed', 'alg-none', 'bad-signature', 'wrong-scheme'];
  return credentials.flatMap((credential): ScriptRequest[] => [
    {
      id: `auth-${credential}-post-entry`,
      group: 'auth failures',
      method: 'POST',
      path: ENTRIES,
      credential,
      headers: { 'idempotency-key': `verify-auth-${credential}` },
      json: { type: 'credit', amount: '1.00', date, description: 'must not be written' },
    },
    { id: `auth-${credential}-balance`, group: 'auth failures', method: 'GET', path: BALANCES + date, credential },
    {
      id: `auth-${credential}-report`,
      group: 'auth failures',
      method: 'GET',
      path: `${REPORT}?from=${date}&to=${date}`,
      credential,
    },
  ]);
}

function badInput(date: string, key: (name: string) => string): ScriptRequest[] {
  const valid = { type: 'credit', amount: '10.00', date, description: 'must not be written' };
  const post = (name: string, json: unknown, headers?: Record<string, string>): ScriptRequest => ({
    id: `bad-${name}`,
    group: 'bad input',
    method: 'POST',
    path: ENTRIES,
    credential: 'user',
    headers: headers ?? { 'idempotency-key': key(`bad-${name}`) },
    json,
  });
  const get = (name: string, path: string): ScriptRequest => ({
    id: `bad-${name}`,
    group: 'bad input',
    method: 'GET',
    path,
    credential: 'user',
  });
  return [
    post('type', { ...valid, type: 'refund' }),
    post('amount-zero', { ...valid, amount: '0.00' }),
    post('amount-negative', { ...valid, amount: '-5.00' }),
    post('amount-thirteen-digits', { ...valid, amount: '1234567890123' }),
    post('amount-three-decimals', { ...valid, amount: '1.234' }),
    post('amount-float', { ...valid, amount: 10.5 }),
    post('amount-too-large-integer', { ...valid, amount: 100_000_000_000 }),
    post('date-impossible', { ...valid, date: '2026-02-30' }),
    post('date-format', { ...valid, date: '02/03/2026' }),
    post('description-missing', { type: 'credit', amount: '10.00', date }),
    post('description-too-long', { ...valid, description: 'x'.repeat(281) }),
    post('unknown-field', { ...valid, account: 'other' }),
    post('array-body', [valid]),
    post('no-idempotency-key', valid, {}),
    post('idempotency-key-too-long', valid, { 'idempotency-key': 'k'.repeat(201) }),
    { ...post('invalid-json', undefined), rawBody: '{"type": "credit", "amount": ' },
    get('balance-date-impossible', `${BALANCES}2026-02-30`),
    get('balance-date-format', `${BALANCES}tomorrow`),
    get('report-reversed', `${REPORT}?from=${addDays(date, 5)}&to=${date}`),
    get('report-too-long', `${REPORT}?from=${date}&to=${addDays(date, 400)}`),
    get('report-missing-to', `${REPORT}?from=${date}`),
  ];
}

function reads(day: (offset: number) => string, dates: number): ScriptRequest[] {
  const get = (id: string, path: string): ScriptRequest => ({
    id,
    group: 'reads',
    method: 'GET',
    path,
    credential: 'user',
  });
  return [
    ...Array.from({ length: dates }, (_, i) => get(`balance-${pad(i)}`, BALANCES + day(i))),
    get('balance-outside-window', BALANCES + day(dates + 3)),
    get('report-window', `${REPORT}?from=${day(0)}&to=${day(dates - 1)}`),
    get('report-first-week', `${REPORT}?from=${day(0)}&to=${day(Math.min(6, dates - 1))}`),
    get('report-one-day', `${REPORT}?from=${day(dates - 1)}&to=${day(dates - 1)}`),
  ];
}

/** Every request of a script, in script order. */
export function scriptRequests(script: RequestScript): ScriptRequest[] {
  return script.phases.flatMap((phase) => phase.requests);
}

function pad(n: number): string {
  return String(n).padStart(4, '0');
}
