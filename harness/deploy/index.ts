// The deploy layer's public API: synthesize -> adapt -> deploy into the emulator -> bind endpoints.
// Its AWS clients and secret readers live in harness/aws/.
export {
  deployStack,
  deployFilePath,
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
export {
  createDeployUpStep,
  deployUpStep,
  type DeployExtension,
  type DeployUpStep,
  type DeployUpStepOptions,
} from './deploy-up-step.ts';
export { planTemplate, type TemplatePlan } from './plan-template.ts';
export type { ReRegisteredTaskDefinition } from './reregister-task-definitions.ts';
export type { StackOperation } from './staged-deploy.ts';
export type { CfnTemplate } from './template-types.ts';
