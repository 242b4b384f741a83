// The public API of the CDK app: what the harness and bin/app.ts import. Everything else is internal.
export { buildApp, addCashflowStack, DEFAULT_STACK_NAME } from './lib/build-app.ts';
export type { BuildAppProps, BuildAppOptions } from './lib/build-app.ts';
export { propsFromContext } from './lib/props-from-context.ts';
export type { ContextReader } from './lib/props-from-context.ts';
export { CashflowStack } from './lib/cashflow-stack.ts';
export type { CashflowStackProps } from './lib/cashflow-stack.ts';
export { STACK_OUTPUTS, serviceOutputIds } from './lib/stack-outputs.ts';
export { SERVICES, apiPathPattern } from './lib/service-catalog.ts';
export type { ServiceSpec } from './lib/service-catalog.ts';
export { PARAMETER_NAMES } from './lib/app-config.ts';
export type { ParameterName } from './lib/app-config.ts';
export { SPA_FALLBACK_FUNCTION_CODE, API_PATH_PATTERN } from './lib/frontend.ts';
export { NOT_FOUND_BODY } from './lib/ingress.ts';
export { DATABASE_PORT, DATABASE_ADMIN_USERNAME } from './lib/database.ts';
export { AMQPS_PORT } from './lib/message-broker.ts';
export type { BrokerDeploymentMode } from './lib/message-broker.ts';
export { REDIS_PORT } from './lib/cache.ts';
