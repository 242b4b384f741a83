import { pollUntil } from '../core/deadline.ts';
import { AbstractWaitStrategy, type WaitTarget } from './wait-strategy.ts';

/**
 * Ready when a protocol-level check succeeds: a real PostgreSQL query, an AMQP handshake, a Redis
 * PING. The probe throws (or returns false) while the server is not ready.
 */
export class ProbeWaitStrategy extends AbstractWaitStrategy {
  private readonly description: string;
  private readonly probe: (target: WaitTarget) => Promise<boolean | void>;

  constructor(description: string, probe: (target: WaitTarget) => Promise<boolean | void>) {
    super();
    this.description = description;
    this.probe = probe;
  }

  describe(): string {
    return this.description;
  }

  async waitUntilReady(target: WaitTarget): Promise<void> {
    await pollUntil(async () => ((await this.probe(target)) === false ? undefined : true), {
      description: `${target.name}: ${this.description}`,
      timeoutMs: this.startupTimeoutMs,
      intervalMs: 150,
      signal: target.signal,
    });
  }
}
