// One home for what the harness knows about AWS: SDK clients for an emulator endpoint, secret
// references (ECS valueFrom, CloudFormation dynamic references) and how to read them, and the
// stack's output names. The deploy, the launch and the parity checks all read AWS through it.
export {
  createEmulatorClients,
  destroyEmulatorClients,
  type EmulatorClients,
  type EmulatorTarget,
} from './emulator-clients.ts';
export {
  parseDynamicReference,
  parseEcsSecretReference,
  parseSecretValueFrom,
  type ParameterReference,
  type SecretLocation,
  type SecretReference,
  type SecretsManagerReference,
} from './secret-reference.ts';
export {
  awsErrorName,
  fetchSecretString,
  readParameter,
  readParameters,
  readSecretValue,
  resolveDynamicReference,
  secretJsonKey,
  type ParameterValues,
} from './read-secret.ts';
export { STACK_OUTPUTS, requireStackOutput, serviceOutputIds, type StackOutputName } from './stack-outputs.ts';
