import type { Logger } from 'pino';

/**
 * Test only (`TEST_ONLY_CRASH_BEFORE_ACK_OF`): a receive endpoint's `beforeAck` hook that crashes
 * the process as a killed task would (SIGKILL: no graceful close, no ack, no flush) right after
 * the `n`th message's balance change committed. The broker then redelivers that message (and any
 * other unacked one) to the next consumer, whose inbox must make it a no-op.
 */
export function crashBeforeAck(
  n: number,
  logger: Logger,
  crash: () => void = () => process.kill(process.pid, 'SIGKILL'),
): () => void {
  let handled = 0;
  return () => {
    handled += 1;
    if (handled !== n) return;
    logger.fatal({ handled }, 'TEST_ONLY_CRASH_BEFORE_ACK_OF: crashing after the commit, before the ack');
    crash();
  };
}
