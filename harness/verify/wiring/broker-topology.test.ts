import { describe, expect, test } from 'vitest';
import { compareBrokerTopologies, normalizeTopology } from './broker-topology.ts';

const bus = { namespace: 'Cashflow.Contracts', endpoint: 'entry-registered' };
const quorum = { 'x-queue-type': 'quorum' };

function listing(queueArguments: Record<string, unknown> = quorum, namespace = bus.namespace) {
  return {
    exchanges: [
      { name: '', type: 'direct', durable: true, auto_delete: false, internal: false },
      { name: 'amq.fanout', type: 'fanout', durable: true, auto_delete: false, internal: false },
      { name: `${namespace}:EntryRegistered`, type: 'fanout', durable: true, auto_delete: false, internal: false },
      { name: 'entry-registered', type: 'fanout', durable: true, auto_delete: false, internal: false },
      { name: 'MassTransit:Fault', type: 'fanout', durable: true, auto_delete: false, internal: false },
    ],
    queues: [
      {
        name: 'entry-registered',
        type: 'quorum',
        durable: true,
        auto_delete: false,
        exclusive: false,
        arguments: queueArguments,
      },
      { name: 'amq.gen-x1', type: 'classic', durable: false, auto_delete: true, exclusive: true },
    ],
    bindings: [
      { source: '', destination: 'entry-registered', destination_type: 'queue', routing_key: 'entry-registered' },
      {
        source: `${namespace}:EntryRegistered`,
        destination: 'entry-registered',
        destination_type: 'exchange',
        routing_key: '',
      },
      { source: 'entry-registered', destination: 'entry-registered', destination_type: 'queue', routing_key: '' },
    ],
  };
}

describe('normalizeTopology', () => {
  test('leaves out built-in exchanges, server-named queues, implicit bindings and fault exchanges; names the namespace', () => {
    expect([...normalizeTopology(listing(), bus).keys()]).toEqual([
      'exchange <ns>:EntryRegistered',
      'exchange <ep>',
      'queue <ep>',
      'binding <ns>:EntryRegistered -> exchange <ep> []',
      'binding <ep> -> queue <ep> []',
    ]);
  });
});

describe('compareBrokerTopologies', () => {
  test('equal apart from the namespace: no finding', () => {
    const other = { ...bus, namespace: 'Other.Ns' };
    expect(
      compareBrokerTopologies(normalizeTopology(listing(), bus), normalizeTopology(listing(quorum, 'Other.Ns'), other)),
    ).toEqual([]);
  });

  test('other queue arguments on one side are TOPOLOGY_DRIFT, naming the queue and both declarations', () => {
    const findings = compareBrokerTopologies(
      normalizeTopology(listing(), bus),
      normalizeTopology(listing({ 'x-queue-type': 'quorum', 'x-max-length': 1000 }), bus),
    );
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ code: 'TOPOLOGY_DRIFT', subject: 'queue <ep>', check: 'broker-topology' });
    expect(findings[0]!.aws).toContain('"x-max-length":1000');
  });

  test('a queue without x-queue-type on both sides is drift although the sides are equal', () => {
    const findings = compareBrokerTopologies(normalizeTopology(listing({}), bus), normalizeTopology(listing({}), bus));
    expect(findings.map((f) => [f.code, f.subject, f.explanation.split(':')[0]])).toEqual([
      ['TOPOLOGY_DRIFT', 'queue <ep>', 'x-queue-type not pinned on compose and aws'],
    ]);
  });

  test('an object on one broker only is drift with the other side null', () => {
    const aws = new Map(normalizeTopology(listing(), bus));
    aws.delete('binding <ep> -> queue <ep> []');
    const findings = compareBrokerTopologies(normalizeTopology(listing(), bus), aws);
    expect(findings).toMatchObject([{ subject: 'binding <ep> -> queue <ep> []', aws: null }]);
  });
});
