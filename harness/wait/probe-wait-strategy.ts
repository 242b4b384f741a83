import type { Deadline } from '../core/deadline.ts';
import { pollUntil } from '../core/deadline.ts';
import { AbstractWaitStrategy, type WaitTarget } from './wait-strategy.ts';

/**
 * Ready when a protocol-level check succeeds: a real PostgreSQL query, an AMQP handshake, a Redis
 * PING. The probe throws (or returns false) while the server is not ready. A failed or slow
 * attempt (a client's connect timeout on a loaded machine) is retried while the deadline allows.
 */
export class ProbeWaitStrategy extends AbstractWaitStrategy {
  private readonly description: string;
  private readonly probe: (target: WaitTarget) => Promise<boolean | void>;
  private attemptTimeoutMs = 10_000;

  constructor(description: string, probe: (target: WaitTarget) => Promise<boolean | void>) {
    super();
    this.description = description;
    this.probe = probe;
  }

  /** One probe that takes longer is abandoned and retried. @default 10000 */
  withAttemptTimeout(timeoutMs: number): this {
    this.attemptTimeoutMs = timeoutMs;
    return this;
  }

  describe(): string {
    return this.description;
  }

  async waitUntilReady(target: WaitTarget, deadline?: Deadline): Promise<void> {
    await pollUntil(async () => ((await this.probe(target)) === false ? undefined : true), {
      description: `${target.name}: ${this.description}`,
      deadline: this.deadlineFor(target, deadline),
      attemptTimeoutMs: this.attemptTimeoutMs,
      intervalMs: 150,
      signal: target.signal,
    });
  }
}
