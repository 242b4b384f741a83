import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../core/run-dir.ts';
import { loadComposeFile } from '../launch/index.ts';
import { composeNetworkNeeds } from './facts/network-facts.ts';
import { compareNetwork, type NetworkGroup, type NetworkInput, type NetworkRule } from './network.ts';

const tcp = (port: number, peer: { groupId?: string; cidr?: string }): NetworkRule => ({
  protocol: 'tcp',
  fromPort: port,
  toPort: port,
  ...peer,
});

/** The deployed shape: the ALB to each service, auth to the database, cashflow to all three servers. */
function deployed(): { groups: Record<string, NetworkGroup> } & Omit<NetworkInput, 'groups'> {
  return {
    groups: {
      'sg-alb': {
        ingress: [tcp(443, { cidr: '0.0.0.0/0' })],
        egress: [tcp(3001, { groupId: 'sg-auth' }), tcp(3002, { groupId: 'sg-cash' })],
      },
      'sg-auth': {
        ingress: [tcp(3001, { groupId: 'sg-alb' })],
        egress: [tcp(443, { cidr: '0.0.0.0/0' }), tcp(5432, { groupId: 'sg-db' })],
      },
      'sg-cash': {
        ingress: [tcp(3002, { groupId: 'sg-alb' })],
        egress: [tcp(5432, { groupId: 'sg-db' }), tcp(5671, { groupId: 'sg-mq' }), tcp(6379, { groupId: 'sg-redis' })],
      },
      'sg-db': { ingress: [tcp(5432, { groupId: 'sg-auth' }), tcp(5432, { groupId: 'sg-cash' })], egress: [] },
      'sg-mq': { ingress: [tcp(5671, { groupId: 'sg-cash' })], egress: [] },
      'sg-redis': { ingress: [tcp(6379, { groupId: 'sg-cash' })], egress: [] },
    },
    members: {
      gateway: ['sg-alb'],
      auth: ['sg-auth'],
      cashflow: ['sg-cash'],
      postgres: ['sg-db'],
      rabbitmq: ['sg-mq'],
      redis: ['sg-redis'],
    },
    needs: [
      { from: 'gateway', to: 'auth', port: 3001 },
      { from: 'gateway', to: 'cashflow', port: 3002 },
      { from: 'auth', to: 'postgres', port: 5432 },
      { from: 'cashflow', to: 'postgres', port: 5432 },
      { from: 'cashflow', to: 'rabbitmq', port: 5671 },
      { from: 'cashflow', to: 'redis', port: 6379 },
    ],
    dataServers: { postgres: 5432, rabbitmq: 5671, redis: 6379 },
  };
}

const summary = (input: NetworkInput) => compareNetwork(input).map((f) => `${f.code} ${f.subject}`);

describe('compareNetwork', () => {
  test('each service reaches exactly the servers it uses: no finding', () => {
    expect(summary(deployed())).toEqual([]);
  });

  test('a server without ingress from a client is NETWORK_UNREACHABLE, naming the closed side', () => {
    const input = deployed();
    input.groups['sg-redis'] = { ingress: [], egress: [] };
    const [found] = compareNetwork(input);
    expect(found).toMatchObject({ code: 'NETWORK_UNREACHABLE', subject: 'cashflow -> redis:6379' });
    expect(found?.aws).toContain('no ingress to redis');
  });

  test('a client without egress to the server is NETWORK_UNREACHABLE', () => {
    const input = deployed();
    input.groups['sg-auth'] = { ...input.groups['sg-auth']!, egress: [tcp(443, { cidr: '0.0.0.0/0' })] };
    expect(summary(input)).toEqual(['NETWORK_UNREACHABLE auth -> postgres:5432']);
  });

  test('a party the record puts in no group cannot be reached', () => {
    const input = { ...deployed(), members: { ...deployed().members, rabbitmq: [] } };
    expect(summary(input)).toEqual(['NETWORK_UNREACHABLE cashflow -> rabbitmq:5671']);
  });

  test('a data server open to 0.0.0.0/0 is NETWORK_TOO_OPEN', () => {
    const input = deployed();
    input.groups['sg-db'] = {
      ...input.groups['sg-db']!,
      ingress: [...input.groups['sg-db']!.ingress, tcp(5432, { cidr: '0.0.0.0/0' })],
    };
    expect(summary(input)).toEqual(['NETWORK_TOO_OPEN postgres/ingress tcp 5432 from 0.0.0.0/0']);
  });

  test('extra ports on a data server are NETWORK_TOO_OPEN', () => {
    const input = deployed();
    input.groups['sg-redis'] = {
      ...input.groups['sg-redis']!,
      ingress: [{ protocol: 'tcp', fromPort: 6379, toPort: 6380, groupId: 'sg-cash' }],
    };
    expect(summary(input)).toEqual(['NETWORK_TOO_OPEN redis/ingress tcp 6379-6380 from sg-cash']);
  });

  test('a service that can reach a server it does not use is NETWORK_TOO_OPEN', () => {
    const input = deployed();
    input.groups['sg-auth'] = {
      ...input.groups['sg-auth']!,
      egress: [...input.groups['sg-auth']!.egress, tcp(6379, { groupId: 'sg-redis' })],
    };
    input.groups['sg-redis'] = {
      ...input.groups['sg-redis']!,
      ingress: [...input.groups['sg-redis']!.ingress, tcp(6379, { groupId: 'sg-auth' })],
    };
    expect(summary(input)).toEqual(['NETWORK_TOO_OPEN auth -> redis:6379']);
  });
});

describe('the paths docker-compose.yml wires', () => {
  test('each service to the servers its environment names, on the managed ports; the proxy to each service', async () => {
    const compose = await loadComposeFile(join(REPO_ROOT, 'docker-compose.yml'), {});
    const { needs, dataServers } = composeNetworkNeeds({
      compose,
      proxy: 'frontend',
      appServices: ['auth', 'cashflow', 'consolidated'],
      record: { endpoints: [{ kind: 'mq', port: 5671 }] },
      containerPorts: { auth: 3001, cashflow: 3002, consolidated: 3003 },
    });
    expect(dataServers).toEqual({ postgres: 5432, rabbitmq: 5671, redis: 6379 });
    expect(needs.map((n) => `${n.from} -> ${n.to}:${n.port}`)).toEqual([
      'auth -> postgres:5432',
      'auth -> redis:6379',
      'cashflow -> postgres:5432',
      'cashflow -> rabbitmq:5671',
      'cashflow -> redis:6379',
      'consolidated -> postgres:5432',
      'consolidated -> rabbitmq:5671',
      'consolidated -> redis:6379',
      'gateway -> auth:3001',
      'gateway -> cashflow:3002',
      'gateway -> consolidated:3003',
    ]);
  });
});
