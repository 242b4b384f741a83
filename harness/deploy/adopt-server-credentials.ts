import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import type { Logger } from 'pino';
import { HarnessError } from '../core/harness-error.ts';
import type { DeployResult, EmulatedEndpoint } from './deploy-stack.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';
import { fetchSecretString } from '../aws/read-secret.ts';

/** The login a managed-flavour server accepts; never logged. */
export interface ServerLogin {
  readonly username?: string;
  readonly password?: string;
}

/** The managed-flavour servers' logins, by the emulated service they stand in for. */
export interface ServerLogins {
  readonly rds: ServerLogin;
  readonly mq: ServerLogin;
  /** The Redis AUTH token as `password`. */
  readonly elasticache: ServerLogin;
}

/**
 * Writes each backing server's login into the emulated secret its endpoint's credentials come
 * from (RDS master secret, MQ user secret, Redis AUTH token), so the task definitions' secrets
 * open the real servers. This direction works for every provider, including external servers the
 * harness cannot administer; only the JSON keys the template names are changed, and nothing is
 * written when the secret already holds the login (a redeploy adds no secret version).
 */
export async function adoptServerCredentials(
  clients: EmulatorClients,
  deploy: Pick<DeployResult, 'endpoints'>,
  logins: ServerLogins,
  log?: Logger,
): Promise<{ secretId: string; kind: EmulatedEndpoint['kind']; changed: boolean }[]> {
  const results: { secretId: string; kind: EmulatedEndpoint['kind']; changed: boolean }[] = [];
  for (const endpoint of deploy.endpoints) {
    const { secretId, usernameKey, passwordKey } = endpoint.credentials;
    if (!secretId) continue;
    const login = logins[endpoint.kind];
    if (login.password === undefined) {
      throw new HarnessError(
        'CREDENTIALS_MISSING',
        `the ${endpoint.kind} stand-in has no password, so secret ${secretId} cannot open it`,
      );
    }
    const current = await fetchSecretString(clients.secretsManager, { secretId });
    let next: string;
    if (passwordKey === undefined) {
      next = login.password;
    } else {
      const value = JSON.parse(current) as Record<string, unknown>;
      value[passwordKey] = login.password;
      const userKey = usernameKey ?? ('username' in value ? 'username' : undefined);
      if (userKey && login.username !== undefined) value[userKey] = login.username;
      next = JSON.stringify(value);
    }
    const changed = next !== current;
    if (changed)
      await clients.secretsManager.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: next }));
    log?.info({ kind: endpoint.kind, secretId, changed }, 'emulated secret holds the backing server login');
    results.push({ secretId, kind: endpoint.kind, changed });
  }
  return results;
}
