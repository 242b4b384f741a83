import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { JwtConfig } from '../../../shared/src/index.ts';

/** Issues an HS256 access token signed with the current key, its `kid` in the header. */
export async function signAccessToken(jwt: JwtConfig, subject: string): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: jwt.current.kid })
    .setSubject(subject)
    .setIssuer(jwt.issuer)
    .setAudience(jwt.audience)
    .setIssuedAt()
    .setJti(randomUUID())
    .setExpirationTime(`${jwt.ttlSeconds}s`)
    .sign(jwt.current.secret);
}
