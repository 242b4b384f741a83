import { randomBytes } from 'node:crypto';

/**
 * A random password of `length` URL-safe characters (letters and digits only, so it needs no
 * escaping in URLs, config files or shell), like the ones Secrets Manager generates for RDS/MQ.
 */
export function generatePassword(length = 32): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    // Rejection sampling keeps every character equally likely.
    if (byte < 256 - (256 % alphabet.length)) out += alphabet[byte % alphabet.length];
    if (out.length === length) break;
  }
  return out.length === length ? out : generatePassword(length);
}

/** Replaces the password in a URI with `***` for logs, tables and errors. */
export function redactUri(uri: string): string {
  try {
    const url = new URL(uri);
    if (url.password) url.password = '***';
    return url.href;
  } catch {
    return uri;
  }
}
