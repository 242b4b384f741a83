// The public API of harness/launch: what e2e/, scenarios/ and later layers import launch things
// through. Everything else in this directory is internal.
export { launchComposeProfile, type ComposeLaunchContext, type ListeningServer } from './compose/compose-profile.ts';
export { launchAwsProfile, type AwsLaunchClients, type AwsLaunchContext } from './aws/aws-profile.ts';
export {
  APP_SERVICES,
  type AppServiceName,
  type BaseLaunchContext,
  type DemoUser,
  type LaunchedProfile,
} from './services/launched-profile.ts';
export type { ProfileName } from '../stack/stack-document.ts';
export { ServiceProcess, StartedServiceProcess, type StoppedServiceProcess } from './services/service-process.ts';
export { TaskStartError, type TaskStartErrorCode } from './aws/task-start-error.ts';
export {
  resolveContainerEnvironment,
  type ContainerEnvironmentSource,
  type ResolvedContainerEnvironment,
  type SecretClients,
} from './aws/ecs-task-environment.ts';
export {
  rewriteEndpoints,
  tableResolver,
  firstResolver,
  type EndpointResolver,
  type LocalEndpoint,
} from './services/endpoint-rewrite.ts';
export { loadComposeFile, parseComposeText, getComposeService, ComposeFileError } from './compose/compose-file.ts';
export { interpolate, ComposeInterpolationError } from './compose/compose-interpolation.ts';
export { generateAwsRouterConfig, RouterConfigError } from './routers/aws-router-config.ts';
export { readAwsRouting } from './aws/read-aws-routing.ts';
