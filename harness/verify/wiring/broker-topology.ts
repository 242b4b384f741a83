import { finding, type Finding } from '../finding.ts';
import { managementApi, vhostPath } from './management-api.ts';
import type { BrokerTarget, BusNames } from './wiring-targets.ts';

export const BROKER_TOPOLOGY_CHECK = 'broker-topology';

interface ManagedExchange {
  readonly name: string;
  readonly type: string;
  readonly durable: boolean;
  readonly auto_delete: boolean;
  readonly internal: boolean;
  readonly arguments?: Record<string, unknown>;
}

interface ManagedQueue {
  readonly name: string;
  readonly type?: string;
  readonly durable: boolean;
  readonly auto_delete: boolean;
  readonly exclusive: boolean;
  readonly arguments?: Record<string, unknown>;
}

interface ManagedBinding {
  readonly source: string;
  readonly destination: string;
  readonly destination_type: string;
  readonly routing_key: string;
  readonly arguments?: Record<string, unknown>;
}

/** One broker's objects by a name with the namespace and endpoint replaced, each with what must be equal. */
export type BrokerTopology = ReadonlyMap<string, string>;

/**
 * Exchanges the bus declares on a first fault only (docs/messaging.md), so their presence tells
 * whether a fault happened on that broker yet, not how the broker is wired.
 */
const DECLARED_ON_FAULT = /^MassTransit:(Fault|ReceiveFault)(--|$)/;

/** A stable text of a value: object keys sorted, so argument order does not count as drift. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Reads a broker's exchanges, queues and bindings in its vhost, with names made comparable. */
export async function readBrokerTopology(broker: BrokerTarget, caFile: string, bus: BusNames): Promise<BrokerTopology> {
  const [exchanges, queues, bindings] = await Promise.all([
    managementApi<ManagedExchange[]>(broker, caFile, vhostPath('exchanges', broker)),
    managementApi<ManagedQueue[]>(broker, caFile, vhostPath('queues', broker)),
    managementApi<ManagedBinding[]>(broker, caFile, vhostPath('bindings', broker)),
  ]);
  return normalizeTopology({ exchanges, queues, bindings }, bus);
}

/**
 * The comparable form: built-in exchanges (`''`, `amq.*`), server-named queues and the default
 * exchange's implicit bindings are left out; in every name the profile's namespace becomes `<ns>`
 * and its endpoint `<ep>`, so the profiles compare "apart from names".
 */
export function normalizeTopology(
  listing: {
    readonly exchanges: readonly ManagedExchange[];
    readonly queues: readonly ManagedQueue[];
    readonly bindings: readonly ManagedBinding[];
  },
  bus: BusNames,
): BrokerTopology {
  const rename = (name: string) => name.split(bus.namespace).join('<ns>').split(bus.endpoint).join('<ep>');
  const topology = new Map<string, string>();
  for (const e of listing.exchanges) {
    if (e.name === '' || e.name.startsWith('amq.') || DECLARED_ON_FAULT.test(e.name)) continue;
    topology.set(
      `exchange ${rename(e.name)}`,
      canonical({
        type: e.type,
        durable: e.durable,
        autoDelete: e.auto_delete,
        internal: e.internal,
        arguments: e.arguments ?? {},
      }),
    );
  }
  for (const q of listing.queues) {
    if (q.name.startsWith('amq.gen-') || q.exclusive) continue;
    topology.set(
      `queue ${rename(q.name)}`,
      canonical({ type: q.type ?? null, durable: q.durable, autoDelete: q.auto_delete, arguments: q.arguments ?? {} }),
    );
  }
  for (const b of listing.bindings) {
    if (b.source === '' || DECLARED_ON_FAULT.test(b.source) || DECLARED_ON_FAULT.test(b.destination)) continue;
    const key = `binding ${rename(b.source)} -> ${b.destination_type} ${rename(b.destination)} [${b.routing_key}]`;
    topology.set(key, canonical({ arguments: b.arguments ?? {} }));
  }
  return topology;
}

/**
 * Compares the two brokers' topologies: an object on one side only, or with other properties or
 * arguments, is drift; so is a queue without `x-queue-type` on either side, because RabbitMQ 3.x
 * defaults to classic and Amazon MQ 4.2+ to quorum: an unpinned queue is equal here and not there.
 */
export function compareBrokerTopologies(compose: BrokerTopology, aws: BrokerTopology): Finding[] {
  const findings: Finding[] = [];
  const drift = (subject: string, c: string | null, a: string | null, explanation: string) =>
    findings.push(
      finding({ code: 'TOPOLOGY_DRIFT', check: BROKER_TOPOLOGY_CHECK, subject, compose: c, aws: a, explanation }),
    );
  for (const key of [...new Set([...compose.keys(), ...aws.keys()])].sort()) {
    const c = compose.get(key) ?? null;
    const a = aws.get(key) ?? null;
    if (c === null || a === null) {
      drift(key, c, a, `${key.split(' ')[0]} declared on the ${c === null ? 'aws' : 'compose'} broker only`);
    } else if (c !== a) {
      drift(key, c, a, `${key.split(' ')[0]} declared differently on the two brokers`);
    }
    if (key.startsWith('queue ')) {
      const unpinned = [
        ...(c !== null && !c.includes('"x-queue-type"') ? ['compose'] : []),
        ...(a !== null && !a.includes('"x-queue-type"') ? ['aws'] : []),
      ];
      if (unpinned.length > 0) {
        drift(
          key,
          c,
          a,
          `x-queue-type not pinned on ${unpinned.join(' and ')}: the broker's default queue type decides`,
        );
      }
    }
  }
  return findings;
}
