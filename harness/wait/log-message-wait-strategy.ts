import type { Deadline } from '../core/deadline.ts';
import { pollUntil } from '../core/deadline.ts';
import { AbstractWaitStrategy, type WaitTarget } from './wait-strategy.ts';

/** Ready when the log written since the start contains `message` at least `times` times. */
export class LogMessageWaitStrategy extends AbstractWaitStrategy {
  private readonly message: string | RegExp;
  private readonly times: number;

  constructor(message: string | RegExp, times = 1) {
    super();
    this.message = message;
    this.times = times;
  }

  describe(): string {
    return `log message ${String(this.message)}${this.times > 1 ? ` x${this.times}` : ''}`;
  }

  async waitUntilReady(target: WaitTarget, deadline?: Deadline): Promise<void> {
    const pattern =
      typeof this.message === 'string'
        ? new RegExp(this.message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g')
        : new RegExp(
            this.message.source,
            this.message.flags.includes('g') ? this.message.flags : `${this.message.flags}g`,
          );
    await pollUntil(async () => ((target.readLog().match(pattern)?.length ?? 0) >= this.times ? true : undefined), {
      description: `${target.name} to log ${String(this.message)}`,
      deadline: this.deadlineFor(target, deadline),
      intervalMs: 50,
      signal: target.signal,
    });
  }
}
