import { HarnessError } from '../core/harness-error.ts';
import { EMULATOR_REGION, type StartedEmulator } from './started-emulator.ts';

/**
 * An emulator someone else runs, named by `AWS_ENDPOINT_URL`. The harness cannot stop or kill it;
 * `reset()` tries moto's reset route and fails clearly elsewhere.
 */
export class ExternalEmulator implements StartedEmulator {
  readonly kind = 'external' as const;
  private readonly url: URL;

  constructor(endpoint: string | undefined) {
    if (!endpoint) {
      throw new HarnessError('ENV_MISSING', 'AWS_ENDPOINT_URL is not set; --emulator external needs the endpoint URL');
    }
    try {
      this.url = new URL(endpoint);
    } catch {
      throw new HarnessError(
        'ENV_INVALID',
        'AWS_ENDPOINT_URL is not a valid URL (expected e.g. http://127.0.0.1:5000)',
      );
    }
  }

  /** Reads `AWS_ENDPOINT_URL` from `env`. */
  static fromEnv(env: NodeJS.ProcessEnv = process.env): ExternalEmulator {
    return new ExternalEmulator(env.AWS_ENDPOINT_URL);
  }

  getHost(): string {
    return this.url.hostname;
  }

  getPort(): number {
    return Number(this.url.port || (this.url.protocol === 'https:' ? 443 : 80));
  }

  getEndpoint(): string {
    return this.url.origin;
  }

  getConnectionUri(): string {
    return this.getEndpoint();
  }

  getRegion(): string {
    return process.env.AWS_REGION ?? EMULATOR_REGION;
  }

  getVersion(): string {
    return 'external';
  }

  async reset(): Promise<void> {
    const response = await fetch(new URL('/moto-api/reset', this.url), {
      method: 'POST',
      signal: AbortSignal.timeout(30_000),
    });
    await response.body?.cancel();
    if (!response.ok) {
      throw new HarnessError(
        'STATE_INVALID',
        `the external emulator has no moto reset route (HTTP ${response.status})`,
      );
    }
  }

  isRunning(): boolean {
    return true;
  }

  private notControlled(): never {
    throw new HarnessError(
      'STATE_INVALID',
      'the external emulator is not started by the harness and cannot be stopped',
    );
  }

  async stop(): Promise<void> {
    this.notControlled();
  }

  async kill(): Promise<void> {
    this.notControlled();
  }

  async start(): Promise<void> {}

  async restart(): Promise<void> {
    this.notControlled();
  }

  logTail(): string {
    return '';
  }

  async [Symbol.asyncDispose](): Promise<void> {}
}
