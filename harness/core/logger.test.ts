import { describe, expect, it } from 'vitest';
import { harnessLogLines, logFor } from './logger.ts';

describe('the harness log', () => {
  it('keeps the lines it wrote, so the gate can scan its own log for secrets', () => {
    const marker = `marker-${Date.now().toString(36)}`;
    logFor('logger-test').error({ marker }, 'a line the secret-hygiene check can read back');

    const kept = harnessLogLines().filter((line) => line.includes(marker));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toContain('a line the secret-hygiene check can read back');
  });

  it('keeps only what it wrote: nothing below its level', () => {
    const marker = `quiet-${Date.now().toString(36)}`;
    const log = logFor('logger-test');
    log.trace({ marker }, 'below the default level');

    expect(harnessLogLines().some((line) => line.includes(marker))).toBe(log.isLevelEnabled('trace'));
  });
});
