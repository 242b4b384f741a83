import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { HarnessError } from '../core/harness-error.ts';
import type { ContainerDefinition } from '../providers/containers/container-definition.ts';
import { EMULATOR_REGION, type StartedEmulator } from './started-emulator.ts';

/** An emulator (LocalStack or the moto image) in a container, on a fixed host port. */
export class StartedContainerEmulator implements StartedEmulator {
  readonly kind: 'moto' | 'localstack';
  private readonly definition: ContainerDefinition;
  private container: StartedTestContainer | undefined;
  private running = false;

  constructor(definition: ContainerDefinition) {
    if (definition.kind !== 'moto' && definition.kind !== 'localstack') {
      throw new HarnessError('OPTION_INVALID', `${definition.kind} is not an emulator`);
    }
    this.kind = definition.kind;
    this.definition = definition;
  }

  async initialize(container: GenericContainer): Promise<this> {
    try {
      this.container = await container.start();
    } catch (error) {
      throw new HarnessError('START_FAILED', `${this.kind} container did not start: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.running = true;
    return this;
  }

  getHost(): string {
    return this.container?.getHost() ?? '127.0.0.1';
  }

  getPort(): number {
    return this.definition.ports[0]?.host ?? 0;
  }

  getEndpoint(): string {
    const url = new URL('http://placeholder');
    url.hostname = this.getHost();
    url.port = String(this.getPort());
    return url.origin;
  }

  getConnectionUri(): string {
    return this.getEndpoint();
  }

  getRegion(): string {
    return EMULATOR_REGION;
  }

  getVersion(): string {
    return this.definition.image;
  }

  async reset(): Promise<void> {
    const path = this.kind === 'moto' ? '/moto-api/reset' : '/_localstack/state/reset';
    const response = await fetch(new URL(path, this.getEndpoint()), {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
    });
    await response.body?.cancel();
    if (!response.ok) throw new HarnessError('STATE_INVALID', `${this.kind} reset answered HTTP ${response.status}`);
  }

  isRunning(): boolean {
    return this.running;
  }

  async stop(): Promise<void> {
    await this.container?.stop({ remove: false, timeout: 10_000 });
    this.running = false;
  }

  async kill(): Promise<void> {
    await this.container?.stop({ remove: false, timeout: 0 });
    this.running = false;
  }

  async start(): Promise<void> {
    await this.restart();
  }

  async restart(): Promise<void> {
    await this.container?.restart();
    this.running = true;
  }

  logTail(): string {
    return '';
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.container?.stop({ remove: true, timeout: 0 });
    this.running = false;
  }
}
