import { HarnessError } from '../../core/harness-error.ts';

/**
 * Variable interpolation as the Compose specification defines it (the grammar compose-go
 * implements): `$VAR`, `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?err}`,
 * `${VAR?err}`, `${VAR:+alt}`, `${VAR+alt}` and `$$` for a literal `$`. Defaults and
 * alternatives may themselves contain interpolations (`${A:-${B}}`).
 *
 * No maintained npm package implements this grammar without shelling out to a Go binary
 * (checked: `@balena/compose-parser` wraps compose-go, `envsub`/`dotenv-expand` follow other
 * grammars), so it lives here, small and property-tested.
 */

/** Why an interpolation failed; `code` is stable for callers and tests. */
export class ComposeInterpolationError extends HarnessError {
  declare readonly code: 'COMPOSE_INVALID_INTERPOLATION' | 'COMPOSE_REQUIRED_VARIABLE';

  constructor(code: ComposeInterpolationError['code'], message: string) {
    super(code, message);
    this.name = 'ComposeInterpolationError';
  }
}

/** Variables visible to interpolation: a missing key means "unset". */
export type InterpolationEnv = Readonly<Record<string, string | undefined>>;

/** Optional hooks; `onUnset` is told about each unset variable that resolved to "". */
export interface InterpolationOptions {
  readonly onUnset?: (name: string) => void;
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;

/**
 * Interpolates one string value.
 * @throws ComposeInterpolationError on malformed templates or a `?`-required variable that is unset.
 */
export function interpolate(template: string, env: InterpolationEnv, options: InterpolationOptions = {}): string {
  const parser = new TemplateParser(template, env, options);
  return parser.parseUntil(undefined, true);
}

class TemplateParser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly env: InterpolationEnv,
    private readonly options: InterpolationOptions,
  ) {}

  /** Reads literal text and substitutions until `stop` (a closing brace of an enclosing `${`) or the end. */
  parseUntil(stop: '}' | undefined, evaluate: boolean): string {
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos]!;
      if (stop !== undefined && ch === stop) return out;
      if (ch !== '$') {
        out += ch;
        this.pos += 1;
        continue;
      }
      out += this.parseDollar(evaluate);
    }
    if (stop !== undefined) throw this.invalid();
    return out;
  }

  private parseDollar(evaluate: boolean): string {
    const next = this.text[this.pos + 1];
    if (next === '$') {
      this.pos += 2;
      return '$';
    }
    if (next !== undefined && NAME_START.test(next)) {
      this.pos += 1;
      return this.lookup(this.readName(), evaluate);
    }
    if (next === '{') {
      this.pos += 2;
      return this.parseBraced(evaluate);
    }
    throw this.invalid();
  }

  private parseBraced(evaluate: boolean): string {
    const first = this.text[this.pos];
    if (first === undefined || !NAME_START.test(first)) throw this.invalid();
    const name = this.readName();
    const ch = this.text[this.pos];
    if (ch === '}') {
      this.pos += 1;
      return this.lookup(name, evaluate);
    }
    const colon = ch === ':';
    if (colon) this.pos += 1;
    const op = this.text[this.pos];
    if (op !== '-' && op !== '?' && op !== '+') throw this.invalid();
    this.pos += 1;
    const value = this.env[name];
    const isSet = value !== undefined && (!colon || value !== '');
    // The operand is only evaluated when it is used (a default of a set variable may name an
    // unset required one), but it is always parsed, so a malformed operand is an error either way.
    const useOperand = evaluate && (op === '-' ? !isSet : op === '+' ? isSet : !isSet);
    const operandStart = this.pos;
    const operand = this.parseUntil('}', useOperand);
    const rawOperand = this.text.slice(operandStart, this.pos);
    this.pos += 1;
    if (!evaluate) return '';
    if (op === '-') return isSet ? value! : operand;
    if (op === '+') return isSet ? operand : '';
    if (isSet) return value!;
    const detail = rawOperand === '' ? '' : `: ${operand}`;
    throw new ComposeInterpolationError(
      'COMPOSE_REQUIRED_VARIABLE',
      `required variable ${name} is missing a value${detail}`,
    );
  }

  private readName(): string {
    const start = this.pos;
    while (this.pos < this.text.length && NAME_PART.test(this.text[this.pos]!)) this.pos += 1;
    return this.text.slice(start, this.pos);
  }

  private lookup(name: string, evaluate: boolean): string {
    if (!evaluate) return '';
    const value = this.env[name];
    if (value === undefined) {
      this.options.onUnset?.(name);
      return '';
    }
    return value;
  }

  private invalid(): ComposeInterpolationError {
    return new ComposeInterpolationError(
      'COMPOSE_INVALID_INTERPOLATION',
      `invalid interpolation format in ${JSON.stringify(this.text)}: you may need to escape any $ with another $`,
    );
  }
}
