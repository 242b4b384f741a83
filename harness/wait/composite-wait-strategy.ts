import { HarnessError } from '../core/harness-error.ts';
import { AbstractWaitStrategy, type WaitStrategy, type WaitTarget } from './wait-strategy.ts';

/**
 * Ready when every strategy is, checked in order under one shared deadline: each inner strategy
 * gets what is left of the composite's timeout, so the total never exceeds it.
 */
export class CompositeWaitStrategy extends AbstractWaitStrategy {
  private readonly strategies: readonly WaitStrategy[];

  constructor(strategies: readonly WaitStrategy[]) {
    super();
    this.strategies = strategies;
  }

  describe(): string {
    return this.strategies.map((s) => s.describe()).join(' and ');
  }

  async waitUntilReady(target: WaitTarget): Promise<void> {
    const deadline = Date.now() + this.startupTimeoutMs;
    for (const strategy of this.strategies) {
      const left = deadline - Date.now();
      if (left <= 0) {
        throw new HarnessError(
          'WAIT_TIMEOUT',
          `timed out after ${(this.startupTimeoutMs / 1000).toFixed(1)} s waiting for ${target.name}: ${this.describe()}`,
        );
      }
      await strategy.withStartupTimeout(Math.min(left, strategy.getStartupTimeout())).waitUntilReady(target);
    }
  }
}
