import { getFreePort } from '../core/free-port.ts';
import {
  localstackContainerDefinition,
  motoContainerDefinition,
} from '../providers/containers/emulator-container-definitions.ts';
import type { ProviderName } from '../providers/backing-server-provider.ts';
import { ExternalEmulator } from './external-emulator.ts';
import { MotoEmulator } from './moto-emulator.ts';
import type { StartedEmulator } from './started-emulator.ts';

/** What `--emulator` accepts. */
export type EmulatorChoice = 'moto' | 'localstack' | 'external';

/** Starts the chosen emulator. moto runs as a process, or in a container under the containers provider. */
export async function startEmulator(options: {
  readonly choice: EmulatorChoice;
  readonly provider: ProviderName;
  readonly runDir: string;
  readonly env: NodeJS.ProcessEnv;
}): Promise<StartedEmulator> {
  switch (options.choice) {
    case 'external':
      return ExternalEmulator.fromEnv(options.env);
    case 'localstack': {
      // Loaded on demand: testcontainers takes seconds to import.
      const { buildContainer } = await import('../providers/containers/build-container.ts');
      const { StartedContainerEmulator } = await import('./container-emulator.ts');
      const definition = localstackContainerDefinition({
        hostPort: await getFreePort(),
        authToken: options.env.LOCALSTACK_AUTH_TOKEN,
      });
      return new StartedContainerEmulator(definition).initialize(buildContainer(definition));
    }
    default:
      if (options.provider === 'containers') {
        const { buildContainer } = await import('../providers/containers/build-container.ts');
        const { StartedContainerEmulator } = await import('./container-emulator.ts');
        const definition = motoContainerDefinition({ hostPort: await getFreePort() });
        return new StartedContainerEmulator(definition).initialize(buildContainer(definition));
      }
      return new MotoEmulator().withRunDir(options.runDir).start();
  }
}
