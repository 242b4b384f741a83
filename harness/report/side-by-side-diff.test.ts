import { describe, expect, test } from 'vitest';
import { sideBySideDiff } from './side-by-side-diff.ts';

describe('sideBySideDiff', () => {
  test('keeps shared lines once and pairs the changed ones', () => {
    expect(sideBySideDiff('{\n  "a": 1,\n  "b": 2\n}', '{\n  "a": 1,\n  "b": 3,\n  "c": 4\n}')).toEqual([
      { kind: 'same', compose: '{', aws: '{' },
      { kind: 'same', compose: '  "a": 1,', aws: '  "a": 1,' },
      { kind: 'changed', compose: '  "b": 2', aws: '  "b": 3,' },
      { kind: 'changed', aws: '  "c": 4' },
      { kind: 'same', compose: '}', aws: '}' },
    ]);
  });

  test('a side that is not set has no lines', () => {
    expect(sideBySideDiff(null, 'x')).toEqual([{ kind: 'changed', aws: 'x' }]);
    expect(sideBySideDiff(null, null)).toEqual([]);
  });
});
