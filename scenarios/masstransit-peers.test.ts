import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import amqp from 'amqplib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { StartedStack } from '../harness/index.ts';
import { defaultSystemTextJson } from '../services/shared/test/fixtures/masstransit/default-system-text-json.ts';
import type { FixtureContext } from '../services/shared/test/fixtures/masstransit/fixture.ts';
import { rawJson } from '../services/shared/test/fixtures/masstransit/raw-json.ts';
import { GatewayClient } from './support/gateway-client.ts';
import { launchedProfile, startScenarioStack } from './support/start-scenario-stack.ts';

// The contract's namespace as both wirings set it (BUS_NAMESPACE), so the peers publish where a
// .NET estate's publishers would: to the `Cashflow.Contracts:EntryRegistered` exchange.
const NAMESPACE = 'Cashflow.Contracts';
const DAY = '2026-03-01'; // the fixtures' entry date

let stack: StartedStack;

beforeAll(async () => {
  stack = await startScenarioStack('both');
});

afterAll(async () => {
  await stack?.stop();
});

function contextFor(): FixtureContext {
  return {
    namespace: NAMESPACE,
    messageUrn: `urn:message:${NAMESPACE}:EntryRegistered`,
    messageExchange: `${NAMESPACE}:EntryRegistered`,
    faultAddressExchange: `${NAMESPACE}:unused-fault-address`,
    messageId: randomUUID(),
    correlationId: randomUUID(),
    conversationId: randomUUID(),
    entryId: randomUUID(),
  };
}

describe.each(['compose', 'aws'] as const)('MassTransit 8 peers on the %s profile', (profile) => {
  test('a default publisher (sent twice) and a raw JSON publisher each count exactly once', async () => {
    const broker = stack.profile(profile).rabbitmq;
    const connection = await amqp.connect(
      broker.getConnectionUri(),
      profile === 'aws' ? { ca: [readFileSync(stack.caFile!)] } : {},
    );
    try {
      const channel = await connection.createConfirmChannel();
      let defaultContext: FixtureContext | undefined;
      for (const fixture of [defaultSystemTextJson, defaultSystemTextJson, rawJson]) {
        // The two default publishes share one context: a redelivery of the same message.
        const context = fixture === rawJson ? contextFor() : (defaultContext ??= contextFor());
        const { delivery } = fixture.build(context);
        channel.publish(context.messageExchange, '', Buffer.from(delivery.body), delivery.properties);
      }
      await channel.waitForConfirms();
    } finally {
      await connection.close();
    }
    const { gatewayUrl, demoUser } = launchedProfile(stack, profile);
    const client = new GatewayClient(gatewayUrl);
    await client.login(demoUser!.username, demoUser!.password);
    const balance = await client.awaitBalance(DAY, (b) => Number(b.entries) >= 2);
    expect(balance).toMatchObject({ date: DAY, credits: '246.90', entries: 2 });
    // A late duplicate would show here: nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(await client.awaitBalance(DAY, () => true)).toMatchObject({ entries: 2 });
  });
});
