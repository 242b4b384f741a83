import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { RUN_DIR_MARKER } from '../core/managed-process.ts';
import { processesMentioning } from '../core/process-table.ts';
import { createTestHome } from '../test-support/test-home.ts';
import { backingServerSteps } from './steps.ts';
import type { UpStep } from './up-step.ts';
import { stackDocumentErrors } from '../stack/stack-document.ts';
import { startStack } from './start-stack.ts';

const home = createTestHome('stack');
afterAll(() => home.remove());

describe('startStack', () => {
  it('aws profile: managed servers plus moto; later steps extend the document; disposal leaves no process', async () => {
    const serviceStep: UpStep = {
      name: 'launch services (stand-in)',
      async run(context) {
        const aws = context.document.profiles.aws;
        if (aws) aws.services = { cashflow: { url: 'http://127.0.0.1:1' } };
      },
    };
    const events: string[] = [];
    const stack = await startStack({
      home: home.path,
      profile: 'aws',
      provider: 'native',
      steps: [...backingServerSteps(), serviceStep],
      onStep: (event) => events.push(`${event.phase} ${event.step}`),
    });
    const runDir = stack.runDir;
    try {
      expect(events).toEqual([
        'start certificate authority',
        'done certificate authority',
        'start backing servers and emulator',
        'done backing servers and emulator',
        'start launch services (stand-in)',
        'done launch services (stand-in)',
      ]);
      expect(stackDocumentErrors(stack.document)).toEqual([]);
      const aws = stack.document.profiles.aws;
      expect(aws?.backing.postgres.uri).toContain('sslmode=verify-full');
      expect(aws?.backing.rabbitmq.uri).toMatch(/^amqps:\/\/admin:/);
      expect(aws?.backing.redis.uri).toMatch(/^rediss:/);
      expect(aws?.emulator?.endpoint).toBe(stack.profile('aws').emulator?.getEndpoint());
      expect(aws?.services?.cashflow?.url).toBe('http://127.0.0.1:1');
      expect(stack.document.profiles.compose).toBeUndefined();
      expect(() => stack.profile('compose')).toThrow(/does not serve the compose profile/);
      expect(processesMentioning(runDir, RUN_DIR_MARKER).length).toBeGreaterThanOrEqual(4);
    } finally {
      await stack[Symbol.asyncDispose]();
    }
    expect(processesMentioning(runDir, RUN_DIR_MARKER)).toEqual([]);
    expect(existsSync(runDir)).toBe(false);
  });

  it('a failing step tears down what earlier steps started and rethrows the original error', async () => {
    let runDir = '';
    const failing: UpStep = {
      name: 'deploy (fails)',
      async run(context) {
        runDir = context.runDir.path;
        expect(processesMentioning(runDir, RUN_DIR_MARKER).length).toBeGreaterThan(0);
        throw new Error('template rejected');
      },
    };
    await expect(
      startStack({
        home: home.path,
        profile: 'compose',
        provider: 'native',
        steps: [...backingServerSteps(), failing],
      }),
    ).rejects.toThrow('template rejected');
    expect(processesMentioning(runDir, RUN_DIR_MARKER)).toEqual([]);
    expect(existsSync(runDir)).toBe(false);
  });
});
