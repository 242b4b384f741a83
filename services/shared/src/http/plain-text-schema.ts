import Type, { type TString, type TStringOptions } from 'typebox';

/**
 * No C0 control character but tab, LF and CR, no DEL, no lone surrogate. The validator compiles
 * patterns with the `u` flag, so a surrogate pair is one code point outside this range and only a
 * lone half matches it.
 */
const PLAIN_TEXT_PATTERN = '^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f\\ud800-\\udfff]*$';

/**
 * A string a person would type: PostgreSQL's `text` refuses NUL (the insert would fail as a 500),
 * and a lone surrogate has no UTF-8 form (it would be stored as U+FFFD, so the entry would not read
 * back as it was sent). Routes use it for free text that reaches the database; a bad one is
 * answered like every other schema failure (400 `VALIDATION_FAILED`).
 */
export function PlainText(options: Omit<TStringOptions, 'pattern'> = {}): TString {
  return Type.String({ ...options, pattern: PLAIN_TEXT_PATTERN });
}
