import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';

/** What a profile's services verify tokens against, read from auth's effective environment. */
export interface SigningSettings {
  /** The profile's real signing key (a secret: never log or report it). */
  readonly key: string;
  readonly kid: string;
  readonly issuer: string;
  readonly audience: string;
}

/** The settings auth signs with, from the environment the harness started it with. */
export function signingSettingsOf(environment: Readonly<Record<string, string>>): SigningSettings {
  const key = environment.JWT_SIGNING_KEY;
  if (key === undefined) throw new Error('auth was started without JWT_SIGNING_KEY');
  return {
    key,
    kid: environment.JWT_KEY_ID ?? 'k1',
    issuer: environment.JWT_ISSUER ?? 'cashflow-auth',
    audience: environment.JWT_AUDIENCE ?? 'cashflow',
  };
}

const now = () => Math.floor(Date.now() / 1000);

interface Claims {
  readonly sub?: string;
  readonly iss?: string;
  readonly aud?: string;
  readonly iat?: number;
  readonly nbf?: number;
  readonly exp?: number;
}

/** A token as auth would issue it, with some claims replaced or another key. */
export function signToken(settings: SigningSettings, claims: Claims = {}, key = settings.key): Promise<string> {
  const issuedAt = claims.iat ?? now();
  return new SignJWT(claims.nbf === undefined ? {} : { nbf: claims.nbf })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: settings.kid })
    .setSubject(claims.sub ?? 'matrix-user')
    .setIssuer(claims.iss ?? settings.issuer)
    .setAudience(claims.aud ?? settings.audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(claims.exp ?? issuedAt + 300)
    .sign(new TextEncoder().encode(key));
}

/** An unsecured JWT (`alg: none`, empty signature) that would otherwise pass. */
function unsignedToken(settings: SigningSettings): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = { alg: 'none', typ: 'JWT', kid: settings.kid };
  const payload = { sub: 'matrix-user', iss: settings.issuer, aud: settings.audience, iat: now(), exp: now() + 300 };
  return `${part(header)}.${part(payload)}.`;
}

/** The matrix's cases that need no account: each builds the `Authorization` header it sends (or none). */
export const TOKEN_CASES: ReadonlyArray<{
  readonly name: string;
  readonly code: string;
  readonly bearer: (settings: SigningSettings) => Promise<string | undefined>;
}> = [
  { name: 'no token', code: 'TOKEN_MISSING', bearer: async () => undefined },
  {
    name: 'expired token',
    code: 'TOKEN_EXPIRED',
    bearer: (s) => signToken(s, { iat: now() - 3600, exp: now() - 60 }),
  },
  {
    name: 'not-yet-valid token (nbf in the future)',
    code: 'TOKEN_NOT_YET_VALID',
    bearer: (s) => signToken(s, { nbf: now() + 600 }),
  },
  {
    name: 'wrong signature',
    code: 'TOKEN_SIGNATURE_INVALID',
    bearer: (s) => signToken(s, {}, randomBytes(32).toString('hex')),
  },
  { name: 'alg=none', code: 'TOKEN_ALGORITHM_REJECTED', bearer: async (s) => unsignedToken(s) },
  { name: 'wrong audience', code: 'TOKEN_AUDIENCE_INVALID', bearer: (s) => signToken(s, { aud: 'someone-else' }) },
  { name: 'wrong issuer', code: 'TOKEN_ISSUER_INVALID', bearer: (s) => signToken(s, { iss: 'someone-else' }) },
];
