import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ComposeInterpolationError, interpolate } from './compose-interpolation.ts';

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/);
// Operand text that is literal inside `${...}`: no `$` and no closing brace.
const literal = fc.string({ maxLength: 20 }).filter((s) => !s.includes('$') && !s.includes('}'));

describe('interpolate', () => {
  test.each([
    ['${A}', { A: 'x' }, 'x'],
    ['$A/b', { A: 'x' }, 'x/b'],
    ['${A:-d}', {}, 'd'],
    ['${A:-d}', { A: '' }, 'd'],
    ['${A-d}', { A: '' }, ''],
    ['${A-d}', {}, 'd'],
    ['${A:+alt}', { A: 'x' }, 'alt'],
    ['${A:+alt}', { A: '' }, ''],
    ['${A+alt}', { A: '' }, 'alt'],
    ['${A:-${B:-deep}}', {}, 'deep'],
    ['${A:-${B}}', { B: 'b' }, 'b'],
    ['$$A and $${B}', {}, '$A and ${B}'],
    ['postgres://${U}:${P}@db:5432/app', { U: 'u', P: 'p' }, 'postgres://u:p@db:5432/app'],
    ['${A:-x:y-z}', {}, 'x:y-z'],
    ['${A:?never used}', { A: 'set' }, 'set'],
    ['${A:-${B:?only when used}}', { A: 'a' }, 'a'],
  ])('%s with %j gives %s', (template, env, expected) => {
    expect(interpolate(template, env)).toBe(expected);
  });

  test('an unset variable becomes empty and is reported', () => {
    const unset: string[] = [];
    expect(interpolate('a${MISSING}b$OTHER', {}, { onUnset: (n) => unset.push(n) })).toBe('ab');
    expect(unset).toEqual(['MISSING', 'OTHER']);
  });

  test.each([
    ['${A:?A is needed}', {}, 'required variable A is missing a value: A is needed'],
    ['${A:?}', { A: '' }, 'required variable A is missing a value'],
    ['${A?set me}', {}, 'required variable A is missing a value: set me'],
  ])('%s with %j fails with a required-variable error', (template, env, message) => {
    const error = captureError(() => interpolate(template, env));
    expect(error.code).toBe('COMPOSE_REQUIRED_VARIABLE');
    expect(error.message).toBe(message);
  });

  test('${A?err} accepts an empty but set variable', () => {
    expect(interpolate('${A?err}', { A: '' })).toBe('');
  });

  test.each(['$', 'cost $ 5', '${', '${A', '${1A}', '${A!x}', '${}', '${A:-${B}'])(
    'malformed template %j is rejected',
    (template) => {
      const error = captureError(() => interpolate(template, {}));
      expect(error.code).toBe('COMPOSE_INVALID_INTERPOLATION');
      expect(error.message).toContain('escape any $ with another $');
    },
  );

  test('property: text without $ is unchanged', () => {
    fc.assert(
      fc.property(
        fc.string().filter((s) => !s.includes('$')),
        (s) => interpolate(s, {}) === s,
      ),
    );
  });

  test('property: escaping every $ as $$ round-trips any string', () => {
    fc.assert(fc.property(fc.string(), (s) => interpolate(s.replaceAll('$', '$$$$'), {}) === s));
  });

  test('property: ${NAME} and $NAME substitute the value verbatim, even one containing $', () => {
    fc.assert(
      fc.property(name, fc.string(), (n, v) => {
        const env = { [n]: v };
        return interpolate(`<\${${n}}>`, env) === `<${v}>` && interpolate(`<$${n}>`, env) === `<${v}>`;
      }),
    );
  });

  test('property: :- and - differ exactly on empty values', () => {
    fc.assert(
      fc.property(name, fc.option(fc.string(), { nil: undefined }), literal, (n, v, d) => {
        const env = v === undefined ? {} : { [n]: v };
        const colon = interpolate(`\${${n}:-${d}}`, env);
        const plain = interpolate(`\${${n}-${d}}`, env);
        if (v === undefined) return colon === d && plain === d;
        if (v === '') return colon === d && plain === '';
        return colon === v && plain === v;
      }),
    );
  });

  test('property: :+ is the alternative exactly when :- would keep the value', () => {
    fc.assert(
      fc.property(name, fc.option(fc.string(), { nil: undefined }), literal, (n, v, alt) => {
        const env = v === undefined ? {} : { [n]: v };
        const keeps = v !== undefined && v !== '';
        return interpolate(`\${${n}:+${alt}}`, env) === (keeps ? alt : '');
      }),
    );
  });

  test('property: interpolation distributes over concatenation of well-formed parts', () => {
    const part = fc.oneof(
      literal.map((s) => s.replaceAll('$', '')),
      name.map((n) => `\${${n}}`),
      fc.tuple(name, literal).map(([n, d]) => `\${${n}:-${d}}`),
    );
    const env = { A: 'alpha', B: '', C: '$literal' };
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), (parts) => {
        return interpolate(parts.join(''), env) === parts.map((p) => interpolate(p, env)).join('');
      }),
    );
  });
});

function captureError(fn: () => unknown): ComposeInterpolationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ComposeInterpolationError) return error;
    throw error;
  }
  throw new Error('expected a ComposeInterpolationError, none was thrown');
}
