import { describe, expect, it } from 'vitest';
import { endpointsTable } from '../cli/endpoints-table.ts';
import { stackDocumentErrors, type StackDocument } from './stack-document.ts';

const server = (uri: string, tls = false) => ({ uri, host: '127.0.0.1', port: 1, tls });

const document: StackDocument = {
  schemaVersion: 1,
  runId: 'r1',
  pid: 1,
  startedAt: '2026-01-01T00:00:00.000Z',
  runDir: '/x',
  provider: 'native',
  profiles: {
    aws: {
      backing: {
        postgres: { ...server('postgres://app:secretpw@127.0.0.1:1/postgres', true), databases: {} },
        rabbitmq: { ...server('amqps://admin:secretpw@127.0.0.1:2', true), managementUri: 'https://127.0.0.1:3/' },
        redis: { ...server('rediss://:secrettoken@127.0.0.1:4', true), authToken: 'secrettoken' },
      },
      emulator: {
        kind: 'moto',
        endpoint: 'http://127.0.0.1:5',
        region: 'us-east-1',
        version: 'moto 5.2.1',
        accessKeyId: 'testing',
        secretAccessKey: 'testing',
      },
      services: { cashflow: { url: 'http://127.0.0.1:6' } },
    },
  },
};

describe('stack document', () => {
  it('accepts a full document, including sections later layers add', () => {
    expect(stackDocumentErrors({ ...document, deploy: { stackName: 'x' } })).toEqual([]);
  });

  it('names the path of what is wrong', () => {
    const errors = stackDocumentErrors({ ...document, runId: 5 });
    expect(errors.some((e) => e.startsWith('/runId'))).toBe(true);
  });

  it('the endpoints table shows every server but never a password or token', () => {
    const table = endpointsTable(document);
    expect(table).toContain('amqps://admin:***@127.0.0.1:2');
    expect(table).toContain('http://127.0.0.1:5 (moto 5.2.1)');
    expect(table).toContain('cashflow');
    expect(table).not.toMatch(/secretpw|secrettoken/);
    expect(endpointsTable({ ...document, caFile: '/run/ca/ca.crt' })).toContain(
      'TLS CA (NODE_EXTRA_CA_CERTS, sslrootcert): /run/ca/ca.crt',
    );
  });
});
