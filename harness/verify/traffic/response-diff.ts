import type { NormalizedAnswer } from './normalize-answers.ts';

/** The leaves of an answer by JSON pointer: `/status`, `/mediaType`, `/body/totals/entries`, ... */
function answerLeaves(answer: NormalizedAnswer): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  leaves.set('/status', answer.status);
  leaves.set('/mediaType', answer.mediaType);
  const walk = (pointer: string, value: unknown) => {
    if (value !== null && typeof value === 'object') {
      const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
      if (entries.length === 0) leaves.set(pointer, Array.isArray(value) ? '[]' : '{}');
      for (const [key, inner] of entries) walk(`${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, inner);
      return;
    }
    leaves.set(pointer, value);
  };
  walk('/body', answer.body);
  return leaves;
}

/** The pointers at which two answers differ (a leaf present on one side only counts). */
function differingPointers(a: NormalizedAnswer, b: NormalizedAnswer): string[] {
  const left = answerLeaves(a);
  const right = answerLeaves(b);
  const pointers = new Set([...left.keys(), ...right.keys()]);
  return [...pointers].filter((pointer) => !Object.is(left.get(pointer), right.get(pointer))).sort();
}

/**
 * Noise, learned as Diffy and Scientist learn it: the same script run twice against one profile;
 * whatever differs between those two runs (`<request id><pointer>`) is not the profile's doing and
 * is ignored when the profiles are compared.
 */
export function learnNoise(first: readonly NormalizedAnswer[], second: readonly NormalizedAnswer[]): Set<string> {
  const byId = new Map(second.map((answer) => [answer.id, answer]));
  const noise = new Set<string>();
  for (const answer of first) {
    const other = byId.get(answer.id);
    if (other === undefined) continue;
    for (const pointer of differingPointers(answer, other)) noise.add(`${answer.id}${pointer}`);
  }
  return noise;
}

/** One request whose answers differ between the profiles beyond the learned noise. */
export interface AnswerDrift {
  readonly id: string;
  readonly group: string;
  readonly request: string;
  readonly pointers: readonly string[];
  readonly compose: NormalizedAnswer;
  readonly aws: NormalizedAnswer;
}

/** Compares two profiles' normalized answers request by request, ignoring the noise. */
export function compareProfiles(
  compose: readonly NormalizedAnswer[],
  aws: readonly NormalizedAnswer[],
  noise: ReadonlySet<string>,
): AnswerDrift[] {
  const awsById = new Map(aws.map((answer) => [answer.id, answer]));
  const drifts: AnswerDrift[] = [];
  for (const answer of compose) {
    const other = awsById.get(answer.id);
    if (other === undefined) continue;
    const pointers = differingPointers(answer, other).filter((pointer) => !noise.has(`${answer.id}${pointer}`));
    if (pointers.length > 0) {
      drifts.push({
        id: answer.id,
        group: answer.group,
        request: `${answer.method} ${answer.path}`,
        pointers,
        compose: answer,
        aws: other,
      });
    }
  }
  return drifts;
}
