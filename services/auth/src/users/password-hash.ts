import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// OWASP's scrypt floor (N=2^17, r=8, p=1) needs 128 MiB per hash; 2^15 keeps a login around
// 50 ms on a small Fargate task while staying a memory-hard KDF. Parameters are stored in the
// hash, so raising them later only affects new hashes.
const defaults = { N: 2 ** 15, r: 8, p: 1, keyLength: 32, saltLength: 16 };

function derive(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, { ...options, maxmem: 256 * 1024 * 1024 }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * Hashes a password with scrypt and a random salt: `scrypt$N$r$p$salt$hash` (base64url parts).
 *
 * @param cost scrypt's N (a power of two); stored in the hash, so verification needs no setting.
 */
export async function hashPassword(password: string, cost = defaults.N): Promise<string> {
  const salt = randomBytes(defaults.saltLength);
  const key = await derive(password, salt, defaults.keyLength, { N: cost, r: defaults.r, p: defaults.p });
  return ['scrypt', cost, defaults.r, defaults.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Checks a password against a stored hash in constant time; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || saltText === undefined || keyText === undefined) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return expected.length > 0 && timingSafeEqual(actual, expected);
}

// Verified against when the user does not exist, so a missing user costs as much time as a wrong password.
let decoy: Promise<string> | undefined;

/** A valid hash of a random password, for equal-time rejection of unknown users. */
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
