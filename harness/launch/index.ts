// The public API of harness/launch, and its only door: everything outside this directory (e2e/,
// scenarios/, scripts/, harness/up, harness/verify...) imports launch things through this file
// (harness/layering.test.ts fails otherwise). Everything else in this directory is internal.
export { launchComposeProfile, type ComposeLaunchContext, type ListeningServer } from './compose/compose-profile.ts';
export {
  launchAwsProfile,
  startDeployedTask,
  type AwsLaunchClients,
  type AwsLaunchContext,
} from './aws/aws-profile.ts';
export {
  APP_SERVICES,
  type AppServiceName,
  type BaseLaunchContext,
  type DemoUser,
  type LaunchedProfile,
} from './services/launched-profile.ts';
export type { ProfileName } from '../stack/stack-document.ts';
export {
  ServiceProcess,
  StartedServiceProcess,
  type EnvironmentChange,
  type StoppedServiceProcess,
} from './services/service-process.ts';
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
export {
  loadComposeFile,
  parseComposeText,
  getComposeService,
  ComposeFileError,
  type ComposeProject,
  type ComposeService,
} from './compose/compose-file.ts';
export { validateComposeDocument } from './compose/compose-schema.ts';
export { interpolate, ComposeInterpolationError } from './compose/compose-interpolation.ts';
export {
  generateAwsRouterConfig,
  isBucketOrigin,
  rulePathPatterns,
  RouterConfigError,
} from './routers/aws-router-config.ts';
export { pathPatternToRegex } from './routers/path-pattern.ts';
export { viewerRequestDirectives } from './routers/viewer-request-function.ts';
export { frontendTemplatePath, startFrontendRouter } from './routers/frontend-router.ts';
export { readAwsRouting } from './aws/read-aws-routing.ts';
export { deployFactsFrom } from './aws/deploy-facts.ts';
