import {
  PASSWORD_PLACEHOLDER,
  USERNAME_PLACEHOLDER,
  addDays,
  type ScriptRequest,
  type RequestScript,
} from './request-script.ts';
import { ledgerTotals, referenceLedger } from './reference-ledger.ts';

/** One answer, recorded under the request's stable id. Bodies are parsed JSON where they are JSON. */
export interface RecordedAnswer {
  readonly id: string;
  readonly group: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** The media type, without parameters; '' when the answer had none. */
  readonly mediaType: string;
  readonly body: unknown;
  readonly durationMs: number;
}

/** How long consolidation took to apply what the script wrote, and whether it got there. */
export interface ConsolidationWait {
  readonly expectedEntries: number;
  readonly seenEntries: number;
  readonly waitedMs: number;
  readonly settled: boolean;
}

export interface Transcript {
  readonly baseUrl: string;
  readonly baseDate: string;
  /** Answers in script order (not arrival order), so that placeholders number the same way each run. */
  readonly answers: readonly RecordedAnswer[];
  readonly consolidation: ConsolidationWait | undefined;
  readonly durationMs: number;
}

export interface ScriptTarget {
  /** The gateway's base URL. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
}

export interface RunScriptOptions {
  /** Consolidation counts as stalled when the applied entries have not grown for this long. @default 30000 */
  readonly stallMs?: number;
  /** Upper bound of the whole wait for consolidation, however it progresses. @default 300000 */
  readonly maxConsolidationWaitMs?: number;
  /** One request's limit; a slow machine gets the whole of it. @default 30000 */
  readonly requestTimeoutMs?: number;
  readonly onPhase?: (name: string, requests: number) => void;
}

/**
 * Runs a request script against one gateway and records every answer. The demo login fills the
 * script's placeholders only on the wire: the transcript keeps the script's requests, never the
 * password or the token.
 */
export async function runRequestScript(
  script: RequestScript,
  target: ScriptTarget,
  options: RunScriptOptions = {},
): Promise<Transcript> {
  const started = performance.now();
  const answers = new Map<string, RecordedAnswer>();
  const session: { token?: string } = {};
  let consolidation: ConsolidationWait | undefined;
  for (const phase of script.phases) {
    options.onPhase?.(phase.name, phase.requests.length);
    if (phase.awaitConsolidation) consolidation = await awaitConsolidation(script, target, session, options);
    await inParallel(phase.requests, phase.concurrency, async (request) => {
      const answer = await send(request, target, session, options.requestTimeoutMs ?? 30_000);
      answers.set(request.id, answer);
      if (request.id === 'login' && answer.status === 200) {
        session.token = (answer.body as { access_token?: string }).access_token;
      }
    });
  }
  const ordered = script.phases.flatMap((phase) => phase.requests.map((request) => answers.get(request.id)!));
  return {
    baseUrl: target.baseUrl,
    baseDate: script.baseDate,
    answers: ordered.map((answer) => (answer.id === 'login' ? redactLogin(answer) : answer)),
    consolidation,
    durationMs: performance.now() - started,
  };
}

async function send(
  request: ScriptRequest,
  target: ScriptTarget,
  session: { token?: string },
  timeoutMs: number,
): Promise<RecordedAnswer> {
  const headers: Record<string, string> = { ...request.headers };
  const authorization = authorizationFor(request.credential, session.token);
  if (authorization !== undefined) headers.authorization = authorization;
  let body: string | undefined;
  if (request.rawBody !== undefined) body = request.rawBody;
  else if (request.json !== undefined) body = JSON.stringify(fillLogin(request.json, target));
  if (body !== undefined) headers['content-type'] = 'application/json';
  const started = performance.now();
  const response = await fetch(new URL(request.path, target.baseUrl), {
    method: request.method,
    headers,
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  const mediaType = (response.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  return {
    id: request.id,
    group: request.group,
    method: request.method,
    path: request.path,
    status: response.status,
    mediaType,
    body: parseBody(text, mediaType),
    durationMs: performance.now() - started,
  };
}

function parseBody(text: string, mediaType: string): unknown {
  if (mediaType.endsWith('json')) {
    try {
      return JSON.parse(text);
    } catch {
      // An answer that says JSON and is not: keep the text, the diff shows it.
    }
  }
  return text.length > 2_000 ? `${text.slice(0, 2_000)}...` : text;
}

/** The token of the login answer is replaced: it is a credential and may not reach a report. */
function redactLogin(answer: RecordedAnswer): RecordedAnswer {
  const body = answer.body as Record<string, unknown> | undefined;
  if (body === null || typeof body !== 'object' || typeof body.access_token !== 'string') return answer;
  return { ...answer, body: { ...body, access_token: '<token>' } };
}

function fillLogin(json: unknown, target: ScriptTarget): unknown {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return json;
  return Object.fromEntries(
    Object.entries(json).map(([key, value]) => [
      key,
      value === USERNAME_PLACEHOLDER ? target.username : value === PASSWORD_PLACEHOLDER ? target.password : value,
    ]),
  );
}

/** The Authorization header for each way of being (un)authenticated. */
function authorizationFor(credential: ScriptRequest['credential'], token: string | undefined): string | undefined {
  switch (credential) {
    case 'none':
      return undefined;
    case 'user':
      return token === undefined ? undefined : `Bearer ${token}`;
    case 'malformed':
      return 'Bearer not-a-token';
    case 'wrong-scheme':
      return 'Basic dmVyaWZ5OnZlcmlmeQ==';
    case 'alg-none': {
      const payload = token?.split('.')[1] ?? Buffer.from('{"sub":"demo"}').toString('base64url');
      return `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    }
    case 'bad-signature': {
      const [header, payload, signature] = (token ?? 'x.y.z').split('.');
      const flipped = `${signature?.[0] === 'A' ? 'B' : 'A'}${signature?.slice(1) ?? ''}`;
      return `Bearer ${header}.${payload}.${flipped}`;
    }
  }
}

/**
 * Polls the window's report until it counts every entry the reference ledger expects. The deadline
 * follows progress: it only gives up when the count has not grown for `stallMs`, so a slow machine
 * that is still consolidating is waited for, and a stuck consumer is not.
 */
async function awaitConsolidation(
  script: RequestScript,
  target: ScriptTarget,
  session: { token?: string },
  options: RunScriptOptions,
): Promise<ConsolidationWait> {
  const expectedEntries = ledgerTotals(referenceLedger(script)).entries;
  const stallMs = options.stallMs ?? 30_000;
  const maxMs = options.maxConsolidationWaitMs ?? 300_000;
  const url = new URL(
    `/api/consolidated/report?from=${script.baseDate}&to=${addDays(script.baseDate, script.dates - 1)}`,
    target.baseUrl,
  );
  const started = performance.now();
  let seenEntries = -1;
  let lastProgress = started;
  for (;;) {
    const seen = await readEntries(url, session.token);
    if (seen > seenEntries) {
      seenEntries = seen;
      lastProgress = performance.now();
    }
    const now = performance.now();
    const settled = seenEntries >= expectedEntries;
    if (settled || now - lastProgress > stallMs || now - started > maxMs) {
      return { expectedEntries, seenEntries: Math.max(seenEntries, 0), waitedMs: now - started, settled };
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function readEntries(url: URL, token: string | undefined): Promise<number> {
  try {
    const response = await fetch(url, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status !== 200) {
      await response.body?.cancel();
      return -1;
    }
    const body = (await response.json()) as { totals?: { entries?: number } };
    return body.totals?.entries ?? -1;
  } catch {
    return -1;
  }
}

async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(workers);
}
