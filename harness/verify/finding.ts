/** How much a finding weighs: errors fail the gate, warnings are reported and do not. */
export type Severity = 'error' | 'warning';

/**
 * The stable codes of the parity gate. CI, the reports, the allow-list and the tests key on these,
 * so a code is never renamed; a new kind of difference gets a new code.
 */
export const FINDING_CODES = {
  CONFIG_DRIFT: { severity: 'error', meaning: 'a setting (not a connection value) differs between the profiles' },
  KEY_MISSING: { severity: 'error', meaning: 'a configuration key, or a whole connection, is set on one side only' },
  SECRET_IN_ENVIRONMENT: {
    severity: 'error',
    meaning: 'a secret reaches the aws task through plain `environment` instead of `secrets`',
  },
  SECRET_LEAKED: {
    severity: 'error',
    meaning:
      'a generated secret (as is, URL-encoded or base64) is in a log, an error response, a report, the template, a task environment or the stack document',
  },
  SECRET_UNRESOLVED: {
    severity: 'error',
    meaning: 'a `secrets[].valueFrom` (with its JSON key) does not resolve, so ECS would not start the task',
  },
  SHAPE_DRIFT: {
    severity: 'error',
    meaning: 'a service differs in container port, health check, command or desired count',
  },
  TLS_NOT_ENFORCED: { severity: 'error', meaning: 'a managed-side connection accepts or uses plain text' },
  TOPOLOGY_DRIFT: { severity: 'error', meaning: 'broker exchanges, queues or bindings differ' },
  ENVELOPE_NOT_CONSUMED: { severity: 'error', meaning: 'a golden MassTransit envelope published raw was not applied' },
  ENVELOPE_CONSUMED_TWICE: {
    severity: 'error',
    meaning: 'a redelivered MassTransit envelope (same messageId) was applied twice',
  },
  POISON_NOT_FAULTED: {
    severity: 'error',
    meaning: 'a poison message did not land in `<queue>_error` with `MT-Fault-*` headers',
  },
  SECRET_ROTATION_IGNORED: { severity: 'error', meaning: 'a rotated secret does not reach the next task start' },
  SECRET_DELETION_NOT_FATAL: { severity: 'error', meaning: 'a task starts although a secret it injects is deleted' },
  ROUTE_MISSING: { severity: 'error', meaning: 'a route one gateway serves is not served by the other' },
  ROUTE_DRIFT: { severity: 'error', meaning: 'both gateways route a path, to different services or responses' },
  NETWORK_UNREACHABLE: { severity: 'error', meaning: 'the security groups close a path a service needs to a server' },
  NETWORK_TOO_OPEN: { severity: 'error', meaning: 'a data server open to 0.0.0.0/0, extra ports or unused services' },
  RESPONSE_DRIFT: { severity: 'error', meaning: 'the same request gets a different normalised response' },
  LEDGER_MISMATCH: {
    severity: 'error',
    meaning: "a profile's balances differ from the reference the gate computed from the entries it registered",
  },
  CONSOLIDATION_STALLED: {
    severity: 'error',
    meaning: 'consolidation stopped making progress before every registered entry was applied',
  },
  SERVER_ERROR: { severity: 'error', meaning: 'a gateway answered a request of the script with a 5xx' },
  LOAD_THRESHOLD_FAILED: { severity: 'error', meaning: 'a threshold of the load smoke failed on a profile' },
  RESOURCE_MISSING: { severity: 'error', meaning: 'a resource the target needs is not in the emulator' },
  RESOURCE_UNVERIFIED: { severity: 'warning', meaning: 'a deployed resource the gate has no way to describe' },
  VERSION_SKEW: {
    severity: 'warning',
    meaning: "a local stand-in server's version differs from the managed target engine's",
  },
  PER_TASK_LIMIT: {
    severity: 'warning',
    meaning: 'a limit that is per process locally is per task (so multiplied by the task count) in AWS',
  },
  BROWSER_FLOW_FAILED: { severity: 'error', meaning: 'in Chromium, the SPA could not sign in or register an entry' },
} as const satisfies Record<string, { severity: Severity; meaning: string }>;

export type FindingCode = keyof typeof FINDING_CODES;

/**
 * One difference between the profiles. `compose` and `aws` are each side's value as text (`null`
 * when the side has none), always passed through {@link maskSecrets} before they leave a check.
 */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  /** The id of the check that found it (set by the runner when a check leaves it empty). */
  readonly check: string;
  /** What differs: a service, `service/KEY`, a resource or a request, e.g. `cashflow/LOG_LEVEL`. */
  readonly subject: string;
  readonly compose: string | null;
  readonly aws: string | null;
  /** One line, for a person reading the report. */
  readonly explanation: string;
}

/** What a check writes; the severity defaults to the code's. */
export type FindingInput = Omit<Finding, 'severity' | 'check'> & {
  readonly severity?: Severity;
  readonly check?: string;
};

/** Builds a finding with its code's default severity. */
export function finding(input: FindingInput): Finding {
  return { severity: FINDING_CODES[input.code].severity, check: '', ...input };
}

export const SECRET_MASK = '***';

/**
 * Replaces every occurrence of each known secret value in `value` with `***`, also in its URL-encoded
 * form (a password inside a connection URL). Longer secrets go first so that a secret containing
 * another is masked whole. Empty strings are not secrets.
 */
export function maskSecrets(value: string, secrets: Iterable<string>): string;
export function maskSecrets(value: string | null, secrets: Iterable<string>): string | null;
export function maskSecrets(value: string | null, secrets: Iterable<string>): string | null {
  if (value === null) return null;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret === '') continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
  }
  let masked = value;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) masked = masked.split(form).join(SECRET_MASK);
  return masked;
}

/** A finding with every text field masked. */
export function maskFinding(input: Finding, secrets: readonly string[]): Finding {
  return {
    ...input,
    subject: maskSecrets(input.subject, secrets),
    compose: maskSecrets(input.compose, secrets),
    aws: maskSecrets(input.aws, secrets),
    explanation: maskSecrets(input.explanation, secrets),
  };
}
