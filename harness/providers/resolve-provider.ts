import { logFor } from '../core/logger.ts';
import type { BackingServerProvider, ProviderName } from './backing-server-provider.ts';
import { isDockerAvailable } from './docker-available.ts';
import { ExternalProvider } from './external/external-provider.ts';
import { NativeProvider } from './native/native-provider.ts';

/** What `--provider` accepts. */
export type ProviderChoice = ProviderName | 'auto';

/** `auto` picks containers when a Docker engine answers, native otherwise; it logs the choice. */
export async function resolveProvider(
  choice: ProviderChoice,
  env: NodeJS.ProcessEnv = process.env,
): Promise<BackingServerProvider> {
  const name: ProviderName = choice === 'auto' ? ((await isDockerAvailable(env)) ? 'containers' : 'native') : choice;
  logFor('provider').info({ choice, provider: name }, 'backing-server provider chosen');
  switch (name) {
    case 'containers': {
      // Loaded on demand: testcontainers and its Docker client take seconds to import.
      const { ContainersProvider } = await import('./containers/containers-provider.ts');
      return new ContainersProvider();
    }
    case 'external':
      return new ExternalProvider();
    default:
      return new NativeProvider();
  }
}
