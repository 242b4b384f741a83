import type { ParityCheck } from './check.ts';
import {
  compareEffectiveConfiguration,
  EFFECTIVE_CONFIGURATION_CHECK,
  type EffectiveConfigurationInput,
  type EffectiveConfigurationOptions,
} from './effective-configuration.ts';
import { compareServerVersions, SERVER_VERSIONS_CHECK, type ServerVersionPair } from './server-versions.ts';
import { compareServiceShapes, SERVICE_SHAPE_CHECK, type ServiceShapeInput } from './service-shape.ts';

/**
 * What the static checks read: plain data an adapter fills from docker-compose.yml and from what
 * the emulator holds after the deploy (never from infra/ source: a gate that repairs the target
 * cannot see its defects).
 */
export interface StaticFacts {
  readonly configuration: EffectiveConfigurationInput;
  readonly configurationOptions?: EffectiveConfigurationOptions;
  readonly shapes: ServiceShapeInput;
  readonly versions: readonly ServerVersionPair[];
}

/** The context the static checks need from the gate. */
export interface StaticCheckContext {
  readonly staticFacts: StaticFacts;
}

/** The static family: pure comparisons, no traffic, milliseconds each. */
export function staticChecks(): ParityCheck<StaticCheckContext>[] {
  return [
    {
      id: EFFECTIVE_CONFIGURATION_CHECK,
      family: 'static',
      title: 'Effective configuration per service (connection / secret / setting)',
      run: async ({ staticFacts }) =>
        compareEffectiveConfiguration(staticFacts.configuration, staticFacts.configurationOptions),
    },
    {
      id: SERVICE_SHAPE_CHECK,
      family: 'static',
      title: 'Service shape: container port, health check, command, desired count',
      run: async ({ staticFacts }) => compareServiceShapes(staticFacts.shapes),
    },
    {
      id: SERVER_VERSIONS_CHECK,
      family: 'static',
      title: 'Stand-in server versions against the target engines',
      run: async ({ staticFacts }) => compareServerVersions(staticFacts.versions),
    },
  ];
}
