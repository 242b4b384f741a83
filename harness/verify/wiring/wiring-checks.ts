import type { ParityCheck } from '../check.ts';
import { BROKER_TOPOLOGY_CHECK, compareBrokerTopologies, readBrokerTopology } from './broker-topology.ts';
import { checkMassTransitEnvelopes, MASSTRANSIT_ENVELOPES_CHECK } from './masstransit-envelopes-check.ts';
import { checkSecretRotation, SECRET_ROTATION_CHECK } from './secret-rotation-check.ts';
import { checkTls, TLS_CHECK } from './tls-check.ts';
import type { WiringCheckContext } from './wiring-targets.ts';

/**
 * The wiring family: how the managed side behaves on a running stack. Topology runs before the
 * envelopes (which make the broker declare its fault exchanges), and secret rotation last (it
 * starts a task of its own and puts the secret back).
 */
export function wiringChecks(): ParityCheck<WiringCheckContext>[] {
  return [
    {
      id: TLS_CHECK,
      family: 'wiring',
      title: 'TLS on every aws connection: PostgreSQL (pg_stat_ssl), the broker, Redis with AUTH',
      run: ({ wiring }) => checkTls(wiring),
    },
    {
      id: BROKER_TOPOLOGY_CHECK,
      family: 'wiring',
      title: 'Broker topology: exchanges, queues, bindings and arguments equal apart from names',
      run: async ({ wiring }) =>
        compareBrokerTopologies(
          await readBrokerTopology(wiring.compose.rabbitmq, wiring.caFile, wiring.compose.bus),
          await readBrokerTopology(wiring.aws.rabbitmq, wiring.caFile, wiring.aws.bus),
        ),
    },
    {
      id: MASSTRANSIT_ENVELOPES_CHECK,
      family: 'wiring',
      title: 'MassTransit envelopes: a golden one consumed exactly once, a poison one faulted, each profile',
      run: ({ wiring }) => checkMassTransitEnvelopes(wiring),
    },
    {
      id: SECRET_ROTATION_CHECK,
      family: 'wiring',
      title: 'Secrets at task start: a rotated one reaches the next start, a deleted one fails it',
      run: ({ wiring }) => checkSecretRotation(wiring),
    },
  ];
}
