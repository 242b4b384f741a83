// The public API of harness/launch; everything else in this directory is internal.
export { launchProfile } from './launch-profile.ts';
export { launchComposeProfile, type ComposeLaunchContext, type ListeningServer } from './compose-profile.ts';
export { launchAwsProfile, type AwsLaunchClients, type AwsLaunchContext } from './aws-profile.ts';
export {
  APP_SERVICES,
  type AppServiceName,
  type BaseLaunchContext,
  type DemoUser,
  type LaunchedProfile,
  type ProfileName,
} from './launched-profile.ts';
export { ServiceProcess, StartedServiceProcess, type StoppedServiceProcess } from './service-process.ts';
export { TaskStartError, type TaskStartErrorCode } from './task-start-error.ts';
export { resolveContainerEnvironment, type SecretClients } from './ecs-task-environment.ts';
export { parseEcsSecretReference } from './ecs-secret-reference.ts';
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
