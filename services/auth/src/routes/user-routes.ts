import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { ProblemError, jwtAuth, revokeSubject, type JwtConfig } from '../../../shared/src/index.ts';
import type { UserRepository } from '../users/user-repository.ts';

/** What the account routes need. */
export interface UserRoutesOptions {
  readonly users: UserRepository;
  readonly jwt: JwtConfig;
  /** Where the revocation is recorded (the shared, unprefixed revoked-subjects key). */
  readonly redis: Redis;
  /** @default the shared key the other services read */
  readonly revokedSubjectsKey?: string;
}

/**
 * `DELETE /api/auth/users/me` (bearer token): deletes the caller's account. The revocation
 * (subject and time) is recorded in Redis first and published, so cashflow and consolidated reject
 * the user's tokens issued before it; only then is the row deleted. Without Redis nothing is
 * deleted (503 REVOCATION_UNAVAILABLE): a deleted user whose tokens still worked would be worse
 * than a deletion that has to be retried.
 */
export async function userRoutes(scope: FastifyInstance, options: UserRoutesOptions): Promise<void> {
  await scope.register(jwtAuth, { jwt: options.jwt });
  scope.delete('/api/auth/users/me', async (request, reply) => {
    const subject = request.user?.subject ?? '';
    const user = await options.users.findByUsername(subject);
    if (user === undefined) throw new ProblemError(404, 'USER_NOT_FOUND', 'Not Found', 'The user no longer exists');
    try {
      await revokeSubject(options.redis, user.username, options.revokedSubjectsKey);
    } catch {
      throw new ProblemError(
        503,
        'REVOCATION_UNAVAILABLE',
        'Service Unavailable',
        'The account cannot be deleted right now; retry later',
      );
    }
    await options.users.delete(user.id);
    request.log.info({ subject: user.username }, 'user deleted and its tokens revoked');
    return reply.code(204).send();
  });
}
