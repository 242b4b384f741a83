// The public API of harness/launch: what e2e/, scenarios/ and later layers import launch things
// through. Everything else in this directory is internal.
export { launchComposeProfile, type ComposeLaunchContext, type ListeningServer } from './compose-profile.ts';
export { launchAwsProfile, startDeployedTask, type AwsLaunchClients, type AwsLaunchContext } from './aws-profile.ts';
export {
  APP_SERVICES,
  type AppServiceName,
  type BaseLaunchContext,
  type DemoUser,
  type LaunchedProfile,
} from './launched-profile.ts';
export type { ProfileName } from '../stack/stack-document.ts';
export { ServiceProcess, StartedServiceProcess, type StoppedServiceProcess } from './service-process.ts';
export { TaskStartError, type TaskStartErrorCode } from './task-start-error.ts';
export {
  resolveContainerEnvironment,
  type ContainerEnvironmentSource,
  type ResolvedContainerEnvironment,
  type SecretClients,
} from './ecs-task-environment.ts';
export {
  rewriteEndpoints,
  tableResolver,
  firstResolver,
  type EndpointResolver,
  type LocalEndpoint,
} from './endpoint-rewrite.ts';
export { loadComposeFile, parseComposeText, getComposeService, ComposeFileError } from './compose-file.ts';
export { interpolate, ComposeInterpolationError } from './compose-interpolation.ts';
export { generateAwsRouterConfig, RouterConfigError } from './aws-router-config.ts';
export { readAwsRouting } from './read-aws-routing.ts';
