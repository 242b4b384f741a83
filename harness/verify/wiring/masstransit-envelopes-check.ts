import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import amqp, { type Channel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { addDays } from '../../../services/shared/src/calendar-date.ts';
import { finding, type Finding } from '../finding.ts';
import { GatewayBalances, type Balance } from './gateway-balances.ts';
import { goldenEnvelope, messageExchange, poisonEnvelope, type EnvelopeDelivery } from './masstransit-envelope.ts';
import type { WiringProfileTarget, WiringTargets } from './wiring-targets.ts';

export const MASSTRANSIT_ENVELOPES_CHECK = 'masstransit-envelopes';

const PROFILES = ['compose', 'aws'] as const;
type Profile = (typeof PROFILES)[number];

/** Headers MassTransit's error transport filter writes on every faulted message (docs/messaging.md). */
const FAULT_HEADERS = ['MT-Fault-ExceptionType', 'MT-Fault-Message', 'MT-Fault-Timestamp', 'MT-Fault-InputAddress'];
const GOLDEN_CENTS = 1234;
const SENTINEL_CENTS = 1;
/**
 * After both messages were applied, how long a late duplicate is given to show: the consumer's
 * in-process retries (100 ms, 200 ms) many times over.
 */
const LATE_DUPLICATE_WINDOW_MS = 2_000;
/** Messages of other runs a scan of `<endpoint>_error` may hold back before it gives up. */
const MAX_ERROR_QUEUE_SCAN = 10_000;

/**
 * On each profile: a golden MassTransit envelope of compose's message type, published raw twice
 * with one `messageId` (a redelivery) and then a second envelope as a sentinel, is applied exactly once; and a poison
 * message lands in `<endpoint>_error` with the `MT-Fault-*` headers. Each run uses a day of its own
 * far in the future, so it leaves the balances other checks read alone.
 */
export async function checkMassTransitEnvelopes(targets: WiringTargets): Promise<Finding[]> {
  const findings: Finding[] = [];
  for (const profile of PROFILES) {
    findings.push(...(await checkProfile(profile, targets[profile], targets)));
  }
  return findings;
}

async function checkProfile(profile: Profile, target: WiringProfileTarget, targets: WiringTargets): Promise<Finding[]> {
  const timeoutMs = targets.effectTimeoutMs ?? 30_000;
  const date = addDays('2100-01-01', randomInt(36_500));
  const gateway = await GatewayBalances.login(target.gateway);
  const before = await gateway.balance(date);
  const brokerHost = new URL(target.rabbitmq.amqpUri).hostname;
  const entry = (amountCents: number, description: string) => ({
    entryId: randomUUID(),
    type: 'credit' as const,
    amountCents,
    date,
    description,
    createdAt: new Date().toISOString(),
  });
  // Other MassTransit services publish the message type compose's consumer reads (its
  // BUS_NAMESPACE): that is the contract on both profiles, so an aws consumer renamed away from it
  // is seen. Each profile's own endpoint names where its faults land.
  const bus = { namespace: targets.compose.bus.namespace, endpoint: target.bus.endpoint };
  const golden = goldenEnvelope(bus, entry(GOLDEN_CENTS, 'parity gate: golden envelope'), { brokerHost });
  const sentinel = goldenEnvelope(bus, entry(SENTINEL_CENTS, 'parity gate: sentinel'), { brokerHost });
  const poison = poisonEnvelope(bus, date, brokerHost);

  const connection = await amqp.connect(
    target.rabbitmq.amqpUri,
    target.rabbitmq.amqpUri.startsWith('amqps:') ? { ca: [readFileSync(targets.caFile)] } : {},
  );
  try {
    const channel = await connection.createConfirmChannel();
    // What a publisher that is not MassTransit does first: declare the type's exchange as MassTransit does.
    await channel.assertExchange(messageExchange(bus), 'fanout', { durable: true });
    await publish(channel, [golden, golden, sentinel, poison]);

    const findings: Finding[] = [];
    const expected = {
      entries: before.entries + 2,
      creditsCents: cents(before.credits) + GOLDEN_CENTS + SENTINEL_CENTS,
    };
    const applied = await gateway.awaitBalance(date, (b) => b.entries >= expected.entries, timeoutMs);
    const settled = applied === undefined ? await gateway.balance(date) : await settle(gateway, date);
    const seen = `${settled.entries - before.entries} entries, ${formatCents(cents(settled.credits) - cents(before.credits))} credited`;
    const wanted = `2 entries, ${formatCents(GOLDEN_CENTS + SENTINEL_CENTS)} credited`;
    const side = (value: string) => ({
      compose: profile === 'compose' ? value : null,
      aws: profile === 'aws' ? value : null,
    });
    if (settled.entries < expected.entries || cents(settled.credits) < expected.creditsCents) {
      findings.push(
        finding({
          code: 'ENVELOPE_NOT_CONSUMED',
          check: MASSTRANSIT_ENVELOPES_CHECK,
          subject: `${profile}: ${golden.exchange} -> ${target.bus.endpoint}`,
          ...side(seen),
          explanation: `a golden MassTransit envelope published raw was not applied within ${timeoutMs} ms (wanted ${wanted})${
            target.bus.namespace === bus.namespace
              ? ''
              : `; this profile's consumer reads ${messageExchange(target.bus)}, not ${golden.exchange}`
          }`,
        }),
      );
    } else if (settled.entries > expected.entries || cents(settled.credits) > expected.creditsCents) {
      findings.push(
        finding({
          code: 'ENVELOPE_CONSUMED_TWICE',
          check: MASSTRANSIT_ENVELOPES_CHECK,
          subject: `${profile}: ${golden.exchange} -> ${target.bus.endpoint}`,
          ...side(seen),
          explanation: `a redelivered envelope (same messageId) was applied again (wanted ${wanted})`,
        }),
      );
    }
    const faulted = await takeFromErrorQueue(
      await connection.createChannel(),
      `${target.bus.endpoint}_error`,
      poison,
      timeoutMs,
    );
    const missing =
      faulted === undefined
        ? undefined
        : [
            ...(faulted.properties.headers?.['MT-Reason'] === 'fault' ? [] : ['MT-Reason: fault']),
            ...FAULT_HEADERS.filter((name) => faulted.properties.headers?.[name] === undefined),
          ];
    if (faulted === undefined || (missing?.length ?? 0) > 0) {
      findings.push(
        finding({
          code: 'POISON_NOT_FAULTED',
          check: MASSTRANSIT_ENVELOPES_CHECK,
          subject: `${profile}: ${target.bus.endpoint}_error`,
          ...side(faulted === undefined ? 'not in the error queue' : `missing ${missing!.join(', ')}`),
          explanation:
            faulted === undefined
              ? `a poison message did not reach ${target.bus.endpoint}_error within ${timeoutMs} ms`
              : `a poison message reached ${target.bus.endpoint}_error without MassTransit's fault headers`,
        }),
      );
    }
    return findings;
  } finally {
    await connection.close().catch(() => undefined);
  }
}

async function publish(channel: ConfirmChannel, deliveries: readonly EnvelopeDelivery[]): Promise<void> {
  for (const delivery of deliveries) channel.publish(delivery.exchange, '', delivery.body, delivery.properties);
  await channel.waitForConfirms();
}

/** The balance once a late duplicate had its chance to show. */
async function settle(gateway: GatewayBalances, date: string): Promise<Balance> {
  await new Promise((resolve) => setTimeout(resolve, LATE_DUPLICATE_WINDOW_MS));
  return gateway.balance(date);
}

/**
 * Takes the poison message out of the error queue (acknowledged, so the queue does not grow run by
 * run); messages of earlier runs are held while the scan goes on, then returned to the queue.
 */
async function takeFromErrorQueue(
  channel: Channel,
  queue: string,
  poison: EnvelopeDelivery,
  timeoutMs: number,
): Promise<GetMessage | undefined> {
  // The broker closing the channel (a queue that does not exist) is an answer here, not a crash.
  channel.on('error', () => undefined);
  const deadline = Date.now() + timeoutMs;
  const held: GetMessage[] = [];
  try {
    for (let scanned = 0; scanned < MAX_ERROR_QUEUE_SCAN && Date.now() < deadline;) {
      // A queue that does not exist closes the channel (404): the poison message is not there either.
      const message = await channel.get(queue, { noAck: false }).catch(() => undefined);
      if (message === undefined) return undefined;
      if (message === false) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      scanned++;
      if (message.properties.messageId === poison.messageId) {
        channel.ack(message);
        return message;
      }
      held.push(message);
    }
    return undefined;
  } finally {
    try {
      for (const message of held) channel.nack(message, false, true);
      await channel.close();
    } catch {
      // A closed channel has returned what it held to the queue already.
    }
  }
}

/** Integer cents of a decimal string such as `12.34` or `-0.50`. */
function cents(amount: string): number {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = amount.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
  return negative ? -value : value;
}

function formatCents(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
