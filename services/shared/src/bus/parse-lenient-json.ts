/**
 * Parses JSON as MassTransit's System.Text.Json options read it: comments are skipped
 * (`ReadCommentHandling.Skip`), trailing commas allowed (`AllowTrailingCommas`), and a UTF-8
 * byte-order mark ignored.
 *
 * @throws SyntaxError when the text is not JSON even under those rules.
 */
export function parseLenientJson(text: string): unknown {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(source);
  } catch (strictError) {
    // Only text a strict parser rejects pays for the rewrite.
    const rewritten = withoutTrailingCommas(withoutComments(source));
    if (rewritten === source) throw strictError;
    return JSON.parse(rewritten);
  }
}

/** Replaces `//` and block comments outside strings by a space, keeping string contents intact. */
function withoutComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i);
      i = newline === -1 ? text.length : newline;
      out += ' ';
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      // An unterminated comment stays, so the strict parser reports it.
      if (close === -1) return text;
      i = close + 2;
      out += ' ';
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/** Drops a comma whose next significant character closes an object or array. */
function withoutTrailingCommas(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
      continue;
    }
    if (c === ',') {
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j += 1;
      if (text[j] === '}' || text[j] === ']') {
        i += 1;
        continue;
      }
    }
    out += c;
    i += 1;
  }
  return out;
}

/** The index after the string literal that starts at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === '\\') i += 2;
    else if (text[i] === '"') return i + 1;
    else i += 1;
  }
  return text.length;
}
