import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import { maskSecrets } from '../verify/finding.ts';
import { parityExitCode, summarizeParity, type ParityResult } from '../verify/parity-result.ts';

/**
 * `parity.json`: what the gate found, for CI and for the other report renderers. The schema is
 * versioned: a field is added as optional within a version; renaming or removing one, or changing
 * its meaning, bumps `schemaVersion`. docs/parity.md describes every field.
 */
export const PARITY_REPORT_SCHEMA_VERSION = 1;

const CheckStatusSchema = Type.Union([
  Type.Literal('passed'),
  Type.Literal('warned'),
  Type.Literal('failed'),
  Type.Literal('error'),
  Type.Literal('skipped'),
]);
const DispositionSchema = Type.Union([Type.Literal('failure'), Type.Literal('warning'), Type.Literal('accepted')]);
const FamilySchema = Type.Union([
  Type.Literal('static'),
  Type.Literal('traffic'),
  Type.Literal('wiring'),
  Type.Literal('smoke'),
]);

const ReportedCheckSchema = Type.Object({
  id: Type.String(),
  family: FamilySchema,
  title: Type.String(),
  status: CheckStatusSchema,
  durationMs: Type.Number({ minimum: 0 }),
  findingCount: Type.Integer({ minimum: 0 }),
  error: Type.Optional(Type.Object({ message: Type.String(), code: Type.Optional(Type.String()) })),
});

export const ReportedFindingSchema = Type.Object({
  code: Type.String({ pattern: '^[A-Z][A-Z_]*$', description: 'stable code, see docs/parity.md' }),
  severity: Type.Union([Type.Literal('error'), Type.Literal('warning')]),
  check: Type.String(),
  subject: Type.String(),
  compose: Type.Union([Type.String(), Type.Null()]),
  aws: Type.Union([Type.String(), Type.Null()]),
  explanation: Type.String(),
  disposition: DispositionSchema,
  acceptedReason: Type.Optional(Type.String()),
});

/** A phase of the gate and how long it took (`up compose`, `deploy`, `checks`, `teardown`). */
export const TimingSchema = Type.Object({ name: Type.String(), durationMs: Type.Number({ minimum: 0 }) });

/** What the deployer changed so the emulator could take the template (never silent). */
export const AdaptationSchema = Type.Object({
  logicalId: Type.String(),
  type: Type.String(),
  action: Type.String(),
  detail: Type.String(),
});

/** A browser screenshot: a file next to the report, embedded, or both. */
export const ScreenshotSchema = Type.Object({
  name: Type.String(),
  profile: Type.Optional(Type.Union([Type.Literal('compose'), Type.Literal('aws')])),
  mimeType: Type.String({ default: 'image/png' }),
  path: Type.Optional(Type.String()),
  dataBase64: Type.Optional(Type.String({ contentEncoding: 'base64' })),
});

/**
 * A load run's summary, shaped like k6's `handleSummary` data with each metric's `values`
 * flattened: durations in milliseconds, `http_req_failed.passes` counts failed requests (k6's rate
 * semantics), thresholds keyed by their expression.
 */
const LoadSummarySchema = Type.Object({
  metrics: Type.Object({
    http_reqs: Type.Object({ count: Type.Integer({ minimum: 0 }), rate: Type.Number({ minimum: 0 }) }),
    http_req_failed: Type.Object({
      rate: Type.Number({ minimum: 0, maximum: 1 }),
      passes: Type.Integer({ minimum: 0 }),
      fails: Type.Integer({ minimum: 0 }),
    }),
    http_req_duration: Type.Object({
      avg: Type.Optional(Type.Number()),
      min: Type.Optional(Type.Number()),
      med: Type.Number(),
      max: Type.Number(),
      'p(90)': Type.Number(),
      'p(95)': Type.Number(),
      'p(99)': Type.Number(),
    }),
    dropped_iterations: Type.Object({ count: Type.Integer({ minimum: 0 }), rate: Type.Optional(Type.Number()) }),
  }),
  thresholds: Type.Record(Type.String(), Type.Object({ ok: Type.Boolean() })),
});

/** Latency over time or over offered rate, for the report's chart. */
const LoadSeriesSchema = Type.Object({
  x: Type.Union([Type.Literal('elapsed_s'), Type.Literal('rate_rps')]),
  points: Type.Array(
    Type.Object({
      x: Type.Number(),
      p50: Type.Optional(Type.Number()),
      p95: Type.Number(),
      p99: Type.Optional(Type.Number()),
    }),
  ),
});

export const LoadRunSchema = Type.Object({
  name: Type.String(),
  profile: Type.Union([Type.Literal('compose'), Type.Literal('aws')]),
  summary: LoadSummarySchema,
  series: Type.Optional(LoadSeriesSchema),
});

export const ParityReportSchema = Type.Object({
  schemaVersion: Type.Literal(PARITY_REPORT_SCHEMA_VERSION),
  generatedAt: Type.String({ format: 'date-time' }),
  startedAt: Type.String({ format: 'date-time' }),
  durationMs: Type.Number({ minimum: 0 }),
  exitCode: Type.Union([Type.Literal(0), Type.Literal(1), Type.Literal(2)]),
  outcome: Type.Union([Type.Literal('holds'), Type.Literal('findings'), Type.Literal('could-not-run')]),
  summary: Type.Object({
    checks: Type.Object({
      total: Type.Integer(),
      passed: Type.Integer(),
      warned: Type.Integer(),
      failed: Type.Integer(),
      error: Type.Integer(),
      skipped: Type.Integer(),
    }),
    findings: Type.Object({
      total: Type.Integer(),
      failure: Type.Integer(),
      warning: Type.Integer(),
      accepted: Type.Integer(),
    }),
  }),
  checks: Type.Array(ReportedCheckSchema),
  findings: Type.Array(ReportedFindingSchema),
  timings: Type.Array(TimingSchema),
  adaptations: Type.Array(AdaptationSchema),
  screenshots: Type.Array(ScreenshotSchema),
  load: Type.Array(LoadRunSchema),
});

export type ParityReport = Static<typeof ParityReportSchema>;
export type ReportedFinding = Static<typeof ReportedFindingSchema>;
export type LoadRun = Static<typeof LoadRunSchema>;
export type Screenshot = Static<typeof ScreenshotSchema>;
export type ReportAdaptation = Static<typeof AdaptationSchema>;
export type ReportTiming = Static<typeof TimingSchema>;

/** What the gate adds to the check results: its phases, the deploy's adaptations, screenshots, load runs. */
export interface ParityReportExtras {
  readonly timings?: readonly ReportTiming[];
  readonly adaptations?: readonly ReportAdaptation[];
  readonly screenshots?: readonly Screenshot[];
  readonly load?: readonly LoadRun[];
  /** Every known secret value; masked in every string of the report (embedded images aside). */
  readonly secrets?: readonly string[];
  readonly generatedAt?: Date;
}

const OUTCOMES = { 0: 'holds', 1: 'findings', 2: 'could-not-run' } as const;

function maskDeep<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return maskSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskDeep(item, secrets)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, key === 'dataBase64' ? item : maskDeep(item, secrets)]),
    ) as T;
  }
  return value;
}

/** Builds the report of one gate run; every string is masked with `extras.secrets`. */
export function buildParityReport(result: ParityResult, extras: ParityReportExtras = {}): ParityReport {
  const exitCode = parityExitCode(result.checks);
  const report: ParityReport = {
    schemaVersion: PARITY_REPORT_SCHEMA_VERSION,
    generatedAt: (extras.generatedAt ?? new Date()).toISOString(),
    startedAt: result.startedAt,
    durationMs: result.durationMs,
    exitCode,
    outcome: OUTCOMES[exitCode],
    summary: summarizeParity(result.checks),
    checks: result.checks.map((check) => ({
      id: check.id,
      family: check.family,
      title: check.title,
      status: check.status,
      durationMs: check.durationMs,
      findingCount: check.findings.length,
      ...(check.error ? { error: check.error } : {}),
    })),
    findings: result.checks.flatMap((check) => check.findings.map((item) => ({ ...item }))),
    timings: [...(extras.timings ?? [])],
    adaptations: [...(extras.adaptations ?? [])],
    screenshots: [...(extras.screenshots ?? [])],
    load: [...(extras.load ?? [])],
  };
  return maskDeep(report, extras.secrets ?? []);
}

/** Schema violations of a parity report, as `path: message` lines; empty when it is valid. */
export function parityReportErrors(report: unknown): string[] {
  return [...Value.Errors(ParityReportSchema, report)].map((e) => `${e.instancePath || '/'}: ${e.message}`);
}
