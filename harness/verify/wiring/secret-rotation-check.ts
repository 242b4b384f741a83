import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  DeleteSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import pg from 'pg';
import { HarnessError } from '../../core/harness-error.ts';
import { EMULATOR_CREDENTIALS } from '../../emulator/started-emulator.ts';
import { finding, type Finding } from '../finding.ts';
import type { DeployedTask, WiringTargets } from './wiring-targets.ts';

export const SECRET_ROTATION_CHECK = 'secret-rotation';

/** What ECS reports for a task whose secrets it cannot pull (harness/launch's TaskStartError code). */
const ECS_START_FAILURE = 'ECS_RESOURCE_INITIALIZATION';
/** Days a deleted secret stays restorable; the check restores it at once. */
const RECOVERY_WINDOW_DAYS = 7;

interface DatabaseSecret {
  readonly username: string;
  readonly password: string;
  readonly [key: string]: unknown;
}

const describe = (error: unknown) =>
  `${error instanceof Error ? error.message : String(error)}${error instanceof HarnessError ? ` [${error.code}]` : ''}`;

/**
 * On the aws profile, what a new task start does with the database secret:
 * - rotated (the role's password first, then the secret, as an RDS rotation function does), the
 *   next cashflow task starts with the new password and becomes ready (its database answers);
 * - deleted (scheduled for deletion), the next start fails as ECS fails it, with
 *   `ResourceInitializationError`.
 * The running profile is left alone, and the secret and password are put back afterwards.
 */
export async function checkSecretRotation(targets: WiringTargets): Promise<Finding[]> {
  const { deployed } = targets;
  const secrets = new SecretsManagerClient({
    endpoint: deployed.emulator.endpoint,
    region: deployed.emulator.region,
    credentials: { ...EMULATOR_CREDENTIALS },
  });
  try {
    return [...(await rotation(targets, secrets)), ...(await deletion(targets, secrets))];
  } finally {
    secrets.destroy();
  }
}

async function rotation(targets: WiringTargets, secrets: SecretsManagerClient): Promise<Finding[]> {
  const secretId = targets.deployed.dbSecretArn;
  const server = targets.aws.postgres;
  const original = (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
  if (original === undefined) throw new Error(`the database secret ${secretId} has no string value`);
  const current = JSON.parse(original) as DatabaseSecret;
  const admin = new pg.Client({
    host: server.host,
    port: server.port,
    user: server.username,
    password: server.password,
    database: 'postgres',
    ssl: { ca: readFileSync(targets.caFile, 'utf8') },
    connectionTimeoutMillis: 30_000,
  });
  await admin.connect();
  const alterPassword = (password: string) =>
    admin.query(`alter role ${pg.escapeIdentifier(current.username)} password ${pg.escapeLiteral(password)}`);
  const rotated = randomBytes(18).toString('base64url');
  let task: DeployedTask | undefined;
  let failure: string | undefined;
  try {
    await alterPassword(rotated);
    await secrets.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        SecretString: JSON.stringify({ ...current, password: rotated }),
      }),
    );
    try {
      task = await targets.deployed.startCashflowTask();
      if (task.getEnvironment().DB_PASSWORD !== rotated) failure = 'started with a password other than the rotated one';
    } catch (error) {
      failure = `did not start: ${describe(error)}`;
    }
  } finally {
    // Back to where the stack was: the running tasks reconnect with the password they started with.
    await task?.stop().catch(() => undefined);
    await alterPassword(current.password).finally(() => admin.end());
    await secrets.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: original }));
  }
  if (failure === undefined) return [];
  return [
    finding({
      code: 'SECRET_ROTATION_IGNORED',
      check: SECRET_ROTATION_CHECK,
      subject: `cashflow/DB_PASSWORD (${secretId})`,
      compose: null,
      // The values are secrets: the finding says what happened, never which password.
      aws: `the task after rotation ${failure}`,
      explanation: 'a rotated database secret does not reach the next task start, as it does on ECS',
    }),
  ];
}

async function deletion(targets: WiringTargets, secrets: SecretsManagerClient): Promise<Finding[]> {
  const secretId = targets.deployed.dbSecretArn;
  let outcome: string | undefined;
  await secrets.send(new DeleteSecretCommand({ SecretId: secretId, RecoveryWindowInDays: RECOVERY_WINDOW_DAYS }));
  try {
    const task = await targets.deployed.startCashflowTask();
    await task.stop().catch(() => undefined);
    outcome = 'the task started';
  } catch (error) {
    const code = error instanceof HarnessError ? error.code : undefined;
    if (code !== ECS_START_FAILURE) outcome = `the start failed otherwise: ${describe(error)}`;
  } finally {
    await secrets.send(new RestoreSecretCommand({ SecretId: secretId }));
  }
  if (outcome === undefined) return [];
  return [
    finding({
      code: 'SECRET_DELETION_NOT_FATAL',
      check: SECRET_ROTATION_CHECK,
      subject: `cashflow/DB_PASSWORD (${secretId})`,
      compose: null,
      aws: outcome,
      explanation: `with its database secret deleted, a cashflow task start must fail as ECS fails it (${ECS_START_FAILURE})`,
    }),
  ];
}
