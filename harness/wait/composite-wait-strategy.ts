import type { Deadline } from '../core/deadline.ts';
import { HarnessError } from '../core/harness-error.ts';
import { AbstractWaitStrategy, type WaitStrategy, type WaitTarget } from './wait-strategy.ts';

/**
 * Ready when every strategy is, checked in order under one shared deadline: the composite's
 * timeout (extended while the target makes progress) bounds them all together.
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

  async waitUntilReady(target: WaitTarget, given?: Deadline): Promise<void> {
    const deadline = this.deadlineFor(target, given);
    for (const strategy of this.strategies) {
      if (deadline.expired()) {
        throw new HarnessError(
          'WAIT_TIMEOUT',
          `timed out after ${deadline.describeElapsed()} waiting for ${target.name}: ${this.describe()}`,
        );
      }
      await strategy.waitUntilReady(target, deadline);
    }
  }
}
