/** One row of a side-by-side diff: a line both sides share, or a changed pair (either side may be absent). */
export interface DiffRow {
  readonly kind: 'same' | 'changed';
  readonly compose?: string;
  readonly aws?: string;
}

/** Beyond this many line pairs the longest-common-subsequence table costs more than a report is worth. */
const MAX_CELLS = 1_000_000;

function commonLines(a: readonly string[], b: readonly string[]): Array<[number, number]> {
  if (a.length * b.length > MAX_CELLS) return [];
  const lengths = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const pairs: Array<[number, number]> = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i++, j++]);
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      i++;
    } else {
      j++;
    }
  }
  return pairs;
}

/**
 * Lines of the compose and aws values side by side: shared lines once, changed runs paired up, so
 * a reader sees the drift in a multi-line body at a glance. `null` (not set) is no lines.
 */
export function sideBySideDiff(compose: string | null, aws: string | null): DiffRow[] {
  const a = compose === null ? [] : compose.split('\n');
  const b = aws === null ? [] : aws.split('\n');
  const rows: DiffRow[] = [];
  let i = 0;
  let j = 0;
  const changed = (untilA: number, untilB: number) => {
    while (i < untilA || j < untilB) {
      rows.push({
        kind: 'changed',
        ...(i < untilA ? { compose: a[i++] } : {}),
        ...(j < untilB ? { aws: b[j++] } : {}),
      });
    }
  };
  for (const [ai, bj] of commonLines(a, b)) {
    changed(ai, bj);
    rows.push({ kind: 'same', compose: a[i++], aws: b[j++] });
  }
  changed(a.length, b.length);
  return rows;
}
