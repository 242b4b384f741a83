import type { RecordedAnswer, Transcript } from './run-request-script.ts';

/** An answer with its run-specific values replaced by placeholders (its timing dropped). */
export type NormalizedAnswer = Omit<RecordedAnswer, 'durationMs'>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?/g;
const JWT = /eyJ[\w-]*\.[\w-]*\.[\w-]*/g;
const DATE = /\b\d{4}-\d{2}-\d{2}\b/g;
const RUN_KEY = /verify-[\w]+-/g;

/**
 * Replaces ids, timestamps and tokens with numbered placeholders (`<uuid-3>`), numbered in the
 * order they first appear in the transcript, so that relations stay visible: an entry id that
 * comes back in a replay is the same placeholder there. Dates become offsets from the script's
 * window (`<day+4>`), so runs in different windows compare equal, and the run's idempotency-key
 * prefix is dropped.
 */
export function normalizeTranscript(transcript: Transcript): NormalizedAnswer[] {
  const numbering = new Map<string, Map<string, number>>();
  const placeholder = (kind: string, value: string) => {
    let values = numbering.get(kind);
    if (values === undefined) numbering.set(kind, (values = new Map()));
    let n = values.get(value);
    if (n === undefined) values.set(value, (n = values.size + 1));
    return `<${kind}-${n}>`;
  };
  const base = Date.parse(`${transcript.baseDate}T00:00:00Z`);
  // Two entries created in the same millisecond share a timestamp by chance; a replay showing its
  // entry's own timestamp again is a relation. So a timestamp is numbered per object id.
  const normalizeText = (text: string, owner = '') =>
    text
      .replace(JWT, (token) => placeholder('token', token))
      .replace(TIMESTAMP, (stamp) => placeholder('timestamp', `${owner}@${stamp}`))
      .replace(UUID, (id) => placeholder('uuid', id.toLowerCase()))
      .replace(RUN_KEY, 'verify-<run>-')
      .replace(DATE, (date) => {
        const days = Math.round((Date.parse(`${date}T00:00:00Z`) - base) / 86_400_000);
        return Number.isNaN(days) ? date : `<day${days < 0 ? '' : '+'}${days}>`;
      });
  const walk = (value: unknown, owner = ''): unknown => {
    if (typeof value === 'string') return normalizeText(value, owner);
    if (Array.isArray(value)) return value.map((item) => walk(item, owner));
    if (value !== null && typeof value === 'object') {
      const id = (value as { id?: unknown }).id;
      const own = typeof id === 'string' ? id : owner;
      return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, walk(inner, own)]));
    }
    return value;
  };
  return transcript.answers.map((answer: RecordedAnswer) => ({
    id: answer.id,
    group: answer.group,
    method: answer.method,
    path: normalizeText(answer.path),
    status: answer.status,
    mediaType: answer.mediaType,
    body: walk(answer.body),
  }));
}
