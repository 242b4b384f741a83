// The deploy layer's public API: synthesize -> adapt -> deploy into the emulator -> bind endpoints.
// Its step of `harness up` lives in harness/up/deploy-step.ts, its AWS clients and secret readers in harness/aws/.
export {
  deployStack,
  deployFilePath,
  synthesizeForEmulator,
  type DeployOptions,
  type DeployResult,
  type DeployedResource,
  type EmulatedEndpoint,
  type TemplateTarget,
} from './deploy-stack.ts';
export { formatAdaptationTable, type Adaptation, type AdaptationAction } from './adaptation.ts';
export {
  bindEndpoints,
  createEndpointResolver,
  resolveEmulatedAddress,
  type BoundEndpoint,
  type EndpointBinding,
  type ManagedServers,
} from './bind-endpoints.ts';
export { adoptServerCredentials, type ServerLogin, type ServerLogins } from './adopt-server-credentials.ts';
export type { DeployedStack } from './deployed-stack.ts';
export { planTemplate, type TemplatePlan } from './plan-template.ts';
export type { ReRegisteredTaskDefinition } from './reregister-task-definitions.ts';
export type { StackOperation } from './stack-operation.ts';
export type { CfnTemplate } from './template-types.ts';
