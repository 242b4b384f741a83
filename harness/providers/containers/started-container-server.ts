import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { HarnessError } from '../../core/harness-error.ts';
import type { Credentials, Flavour, ServerKind, StoppedBackingServer } from '../backing-server.ts';
import type { ContainerDefinition } from './container-definition.ts';

/** How to describe a started container as a backing server. */
export interface ContainerServerFacts {
  readonly credentials: Credentials;
  readonly caFile?: string;
  /** Builds the client URI from the host and the host port (fixed, so restarts keep it). */
  readonly uri: (host: string, port: number) => string;
}

/**
 * A backing server running in a container, behind the same handle as a native one. Host ports are
 * fixed in the definition, so a restarted container keeps its address.
 */
export class StartedContainerServer {
  readonly kind: ServerKind;
  readonly flavour: Flavour;
  readonly name: string;
  protected container: StartedTestContainer | undefined;
  protected readonly definition: ContainerDefinition;
  protected readonly facts: ContainerServerFacts;
  private running = false;

  constructor(definition: ContainerDefinition, facts: ContainerServerFacts) {
    if (definition.kind === 'moto' || definition.kind === 'localstack') {
      throw new HarnessError('OPTION_INVALID', `${definition.kind} is an emulator, not a backing server`);
    }
    this.kind = definition.kind;
    this.flavour = definition.flavour;
    this.name = `${definition.kind} (${definition.flavour}, container)`;
    this.definition = definition;
    this.facts = facts;
  }

  /** Starts the built container; on failure testcontainers removes it and the error says why. */
  async initialize(container: GenericContainer): Promise<this> {
    try {
      this.container = await container.start();
    } catch (error) {
      throw new HarnessError('START_FAILED', `${this.name} did not start: ${(error as Error).message}`, {
        cause: error,
      });
    }
    this.running = true;
    return this;
  }

  private started(): StartedTestContainer {
    if (!this.container) throw new HarnessError('NOT_RUNNING', `${this.name} was never started`);
    return this.container;
  }

  getHost(): string {
    return this.started().getHost();
  }

  getPort(): number {
    return this.definition.ports[0]?.host ?? 0;
  }

  getConnectionUri(): string {
    return this.facts.uri(this.getHost(), this.getPort());
  }

  getCredentials(): Credentials {
    return this.facts.credentials;
  }

  getCaFile(): string | undefined {
    return this.facts.caFile;
  }

  usesTls(): boolean {
    return this.flavour === 'managed';
  }

  isRunning(): boolean {
    return this.running;
  }

  logTail(): string {
    return '';
  }

  async stop(): Promise<StoppedBackingServer<this>> {
    await this.started().stop({ remove: false, timeout: 10_000 });
    this.running = false;
    return this.stoppedHandle();
  }

  async kill(): Promise<StoppedBackingServer<this>> {
    // docker stop with no grace period is a SIGKILL.
    await this.started().stop({ remove: false, timeout: 0 });
    this.running = false;
    return this.stoppedHandle();
  }

  async restart(): Promise<void> {
    await this.started().restart();
    this.running = true;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.container?.stop({ remove: true, timeout: 0 });
    this.running = false;
  }

  private stoppedHandle(): StoppedBackingServer<this> {
    return {
      start: async () => {
        await this.restart();
        return this;
      },
      remove: () => this[Symbol.asyncDispose](),
    };
  }
}
