import { IMAGES, type ContainerDefinition } from './container-definition.ts';

/** moto's server image, answering every service on one port. */
export function motoContainerDefinition(options: { readonly hostPort: number }): ContainerDefinition {
  return {
    kind: 'moto',
    flavour: 'managed',
    image: IMAGES.moto,
    ports: [{ container: 5000, host: options.hostPort }],
    env: { MOTO_PORT: '5000' },
    files: [],
    wait: { kind: 'http', path: '/moto-api/', port: 5000 },
    startupTimeoutMs: 60_000,
  };
}

/**
 * LocalStack: the pinned free tag 4.14.0 when there is no token; with `LOCALSTACK_AUTH_TOKEN` the
 * current image, which needs it.
 */
export function localstackContainerDefinition(options: {
  readonly hostPort: number;
  readonly authToken?: string;
  readonly image?: string;
}): ContainerDefinition {
  const env: Record<string, string> = { SERVICES: 'cloudformation,s3,ssm,secretsmanager,sts,iam,ecr,logs' };
  if (options.authToken) env.LOCALSTACK_AUTH_TOKEN = options.authToken;
  return {
    kind: 'localstack',
    flavour: 'managed',
    image: options.image ?? IMAGES.localstack,
    ports: [{ container: 4566, host: options.hostPort }],
    env,
    files: [],
    wait: { kind: 'http', path: '/_localstack/health', port: 4566 },
    startupTimeoutMs: 120_000,
  };
}
