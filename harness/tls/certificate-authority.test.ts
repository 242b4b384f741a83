import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, createServer, type Server } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceUser } from '../core/system-user.ts';
import { CertificateAuthority } from './certificate-authority.ts';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

let dir: string;
let ca: CertificateAuthority;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certificate-authority-'));
  ca = await CertificateAuthority.create(join(dir, 'ca'), 'Test CA');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Connects to a TLS server trusting only the test CA; resolves with the outcome of the handshake. */
function handshake(port: number, servername: string | undefined): Promise<'accepted' | string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, ca: ca.certificate, servername });
    socket.once('secureConnect', () => {
      socket.end();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.destroy();
      resolve(error.code ?? error.message);
    });
  });
}

describe('CertificateAuthority', () => {
  it('writes a CA certificate that is its own issuer and may sign', () => {
    const caCert = new X509Certificate(readFileSync(ca.caFile));
    expect(caCert.ca).toBe(true);
    expect(caCert.subject).toBe('CN=Test CA');
    expect(caCert.checkIssued(caCert)).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    expect(caCert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(statSync(ca.caFile).mode & 0o777).toBe(0o644);
    expect(statSync(join(dir, 'ca', 'ca.key')).mode & 0o777).toBe(0o600);
  });

  it('issues a serverAuth certificate for the names asked for, signed by the CA', async () => {
    const issued = await ca.issue({
      commonName: 'cashflow-managed',
      dnsNames: ['postgres', 'rabbitmq'],
      ipAddresses: ['127.0.0.1', '::1'],
    });
    const caCert = new X509Certificate(ca.certificate);
    const cert = new X509Certificate(issued.cert);
    expect(cert.checkIssued(caCert)).toBe(true);
    expect(cert.verify(caCert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.subject).toBe('CN=cashflow-managed');
    expect(cert.subjectAltName).toBe('DNS:postgres, DNS:rabbitmq, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.keyUsage).toEqual([SERVER_AUTH]);
    expect(cert.checkPrivateKey(createPrivateKey(issued.key))).toBe(true);
    expect(issued.ca).toBe(ca.certificate);
  });

  it('gives the local servers a certificate for localhost and 127.0.0.1', () => {
    const material = ca.serverMaterial();
    const cert = new X509Certificate(material.cert);
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(cert.checkIssued(new X509Certificate(material.ca))).toBe(true);
  });

  it('writes a server certificate whose key only its owner can read', () => {
    const files = ca.installServerCertificate(join(dir, 'server-tls'));
    expect(statSync(files.keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(files.certFile).mode & 0o777).toBe(0o644);
    expect(readFileSync(files.caFile, 'utf8')).toBe(ca.certificate);
    expect(readFileSync(files.certFile, 'utf8')).toBe(ca.serverMaterial().cert);
  });

  it.runIf(process.getuid?.() === 0 && serviceUser('postgres'))('gives the files to the server account', () => {
    const owner = serviceUser('postgres')!;
    const files = ca.installServerCertificate(join(dir, 'owned-tls'), owner);
    for (const file of [join(dir, 'owned-tls'), files.caFile, files.certFile, files.keyFile]) {
      expect(statSync(file)).toMatchObject({ uid: owner.uid, gid: owner.gid });
    }
  });

  it('refuses a request without names, or with an address that is not an IP', async () => {
    await expect(ca.issue({ commonName: 'nothing' })).rejects.toMatchObject({ code: 'CERTIFICATE_FAILED' });
    await expect(ca.issue({ commonName: 'x', ipAddresses: ['localhost'] })).rejects.toMatchObject({
      code: 'CERTIFICATE_FAILED',
      message: '"localhost" is not an IP address',
    });
  });
});

describe('a TLS server with the local server certificate', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    const { cert, key } = ca.serverMaterial();
    server = createServer({ cert, key }, (socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is accepted for localhost by a client trusting only the CA', async () => {
    expect(await handshake(port, 'localhost')).toBe('accepted');
  });

  it('is accepted for 127.0.0.1', async () => {
    expect(await handshake(port, undefined)).toBe('accepted');
  });

  it('is refused for another name', async () => {
    expect(await handshake(port, 'example.test')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });
});
