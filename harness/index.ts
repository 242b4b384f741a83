// The harness's public API. Everything not exported here is internal.
export { startStack, type StackOptions, type StartedStack, type StepEvent } from './up/start-stack.ts';
export { backingServerSteps, defaultUpSteps } from './up/steps.ts';
export {
  createDeployStep,
  deployStep,
  DEMO_USER_OVERRIDE,
  type DeployStep,
  type DeployStepOptions,
} from './up/deploy-step.ts';
export { launchStep } from './up/launch-step.ts';
export type { DeployedStack } from './deploy/deployed-stack.ts';
export type { LaunchedProfile } from './launch/index.ts';
export type {
  ProfileChoice,
  ProfileHandles,
  ResolvedStackOptions,
  StackState,
  UpContext,
  UpStep,
} from './up/up-step.ts';

export {
  StackDocumentSchema,
  BackingServerEntry,
  DeployEntry,
  EmulatorEntry,
  ProfileEntry,
  stackDocumentErrors,
  type StackDocument,
  type ProfileName,
} from './stack/stack-document.ts';
export { readStackFile, writeStackFile, stackFilePath } from './stack/stack-file.ts';

export type {
  Credentials,
  Flavour,
  ServerKind,
  StartedBackingServer,
  StartedPostgres,
  StartedRabbitMq,
  StartedRedis,
  StoppedBackingServer,
} from './providers/backing-server.ts';
export { LOGICAL_DATABASES } from './providers/backing-server.ts';
export type { BackingServerProvider, BackingServerRequest, ProviderName } from './providers/backing-server-provider.ts';
export { resolveProvider, type ProviderChoice } from './providers/resolve-provider.ts';
export { NativeProvider } from './providers/native/native-provider.ts';
export {
  PostgresServer,
  StartedPostgresServer,
  MANAGED_POSTGRES_USER,
} from './providers/native/native-postgres-server.ts';
export {
  RabbitMqServer,
  StartedRabbitMqServer,
  MANAGED_RABBITMQ_USER,
} from './providers/native/native-rabbitmq-server.ts';
export { RedisServer, StartedRedisServer, type AppendFsync } from './providers/native/native-redis-server.ts';
export { ExternalProvider } from './providers/external/external-provider.ts';
export { isDockerAvailable } from './providers/docker-available.ts';

export type { StartedEmulator, EmulatorKind } from './emulator/started-emulator.ts';
export { EMULATOR_CREDENTIALS, EMULATOR_REGION } from './emulator/started-emulator.ts';
export { MotoEmulator, StartedMotoEmulator } from './emulator/moto-emulator.ts';
export { ExternalEmulator } from './emulator/external-emulator.ts';
export { startEmulator, type EmulatorChoice } from './emulator/resolve-emulator.ts';

export { CertificateAuthority, type CertificateFiles } from './tls/certificate-authority.ts';
export { Wait } from './wait/wait.ts';
export type { WaitStrategy, WaitTarget } from './wait/wait-strategy.ts';
export { HarnessError, type HarnessErrorCode } from './core/harness-error.ts';
export { pollUntil, type PollOptions } from './core/deadline.ts';
export { getFreePort, getFreePorts } from './core/free-port.ts';
export { generatePassword, redactUri } from './core/credentials.ts';
export { ManagedProcess, type ProcessSpec, RUN_DIR_MARKER } from './core/managed-process.ts';
export { serviceUser, type SystemUser } from './core/system-user.ts';
export { harnessHome, REPO_ROOT, newRunId } from './core/run-dir.ts';
export { cleanStaleRuns, type StaleRunReport } from './cleanup/stale-runs.ts';
export { harnessLogger, logFor } from './core/logger.ts';
