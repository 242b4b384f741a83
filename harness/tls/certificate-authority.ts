import './reflect-metadata.ts';
import { randomBytes, webcrypto } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { HarnessError } from '../core/harness-error.ts';
import type { SystemUser } from '../core/system-user.ts';
import { IssuedCertificate, type CertificateFiles } from './issued-certificate.ts';

export { IssuedCertificate, type CertificateFiles } from './issued-certificate.ts';

x509.cryptoProvider.set(webcrypto as Crypto);

/** EC P-256 with SHA-256: fast to make and to handshake, and accepted by every server the harness runs. */
const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const VALIDITY_MS = 30 * 24 * 60 * 60 * 1000;
/** Backdated so that a peer whose clock is a little behind (a container) does not see "not yet valid". */
const BACKDATE_MS = 5 * 60 * 1000;

/** What a certificate is for: its subject and the names a client may reach the server by. */
export interface CertificateRequest {
  readonly commonName: string;
  /** DNS names for the subjectAltName. */
  readonly dnsNames?: readonly string[];
  /** IPv4 or IPv6 addresses for the subjectAltName. */
  readonly ipAddresses?: readonly string[];
}

/** The names the harness's servers are reached by on this machine. */
const LOCAL_SERVER: CertificateRequest = {
  commonName: 'localhost',
  dnsNames: ['localhost'],
  ipAddresses: ['127.0.0.1'],
};

/**
 * A throwaway certificate authority generated in-process for one run, and the server certificate it
 * signs for the local servers (SAN `localhost` and `127.0.0.1`). Clients trust `caFile`
 * (NODE_EXTRA_CA_CERTS, pg `sslrootcert`), so `verify-full` works exactly as against a managed
 * service's CA bundle. {@link issue} signs certificates for other names.
 */
export class CertificateAuthority {
  /** The CA certificate (PEM). */
  readonly certificate: string;

  private constructor(
    /** The CA certificate's file, readable by every account. */
    readonly caFile: string,
    private readonly keys: CryptoKeyPair,
    private readonly caCertificate: x509.X509Certificate,
    private readonly serverCertificate: IssuedCertificate,
  ) {
    this.certificate = caCertificate.toString('pem');
  }

  /**
   * Generates the CA and the local server certificate, and writes `ca.crt` (0644) and `ca.key` (0600)
   * into `dir`.
   */
  static async create(dir: string, commonName = 'Harness CA'): Promise<CertificateAuthority> {
    try {
      const keys = await generateKeys();
      const now = Date.now();
      const caCertificate = await x509.X509CertificateGenerator.createSelfSigned({
        serialNumber: randomSerialNumber(),
        name: [{ CN: [commonName] }],
        notBefore: new Date(now - BACKDATE_MS),
        notAfter: new Date(now + VALIDITY_MS),
        keys,
        signingAlgorithm: EC_P256,
        extensions: [
          new x509.BasicConstraintsExtension(true, 0, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
        ],
      });
      const serverCertificate = await sign(keys, caCertificate, LOCAL_SERVER);
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      const caFile = join(dir, 'ca.crt');
      writeFileSync(caFile, caCertificate.toString('pem'), { mode: 0o644 });
      chmodSync(caFile, 0o644);
      const keyFile = join(dir, 'ca.key');
      writeFileSync(keyFile, await privateKeyPem(keys.privateKey), { mode: 0o600 });
      chmodSync(keyFile, 0o600);
      return new CertificateAuthority(caFile, keys, caCertificate, serverCertificate);
    } catch (error) {
      throw asCertificateError(error, `could not create the certificate authority "${commonName}" in ${dir}`);
    }
  }

  /** Signs a new server certificate (serverAuth, fresh EC P-256 key) for the names in `request`. */
  async issue(request: CertificateRequest): Promise<IssuedCertificate> {
    try {
      return await sign(this.keys, this.caCertificate, request);
    } catch (error) {
      throw asCertificateError(error, `could not issue a certificate for "${request.commonName}"`);
    }
  }

  /** Writes the CA and the local server certificate and key into `dir` (see {@link IssuedCertificate.writeFiles}). */
  installServerCertificate(dir: string, owner?: SystemUser): CertificateFiles {
    return this.serverCertificate.writeFiles(dir, owner);
  }

  /** The CA, the local server certificate and its key as PEM text, for copying into containers. */
  serverMaterial(): { ca: string; cert: string; key: string } {
    const { ca, cert, key } = this.serverCertificate;
    return { ca, cert, key };
  }
}

async function sign(
  caKeys: CryptoKeyPair,
  caCertificate: x509.X509Certificate,
  request: CertificateRequest,
): Promise<IssuedCertificate> {
  const names = subjectAltNames(request);
  const keys = await generateKeys();
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: [{ CN: [request.commonName] }],
    issuer: caCertificate.subjectName,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(Math.min(now + VALIDITY_MS, caCertificate.notAfter.getTime())),
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: EC_P256,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  return new IssuedCertificate(
    certificate.toString('pem'),
    await privateKeyPem(keys.privateKey),
    caCertificate.toString('pem'),
  );
}

function subjectAltNames(request: CertificateRequest): x509.JsonGeneralName[] {
  const dnsNames = request.dnsNames ?? [];
  const ipAddresses = request.ipAddresses ?? [];
  if (dnsNames.length + ipAddresses.length === 0) {
    throw new HarnessError('CERTIFICATE_FAILED', `a certificate for "${request.commonName}" needs a DNS name or an IP`);
  }
  const badName = dnsNames.find((name) => !/^[^\s,]+$/.test(name));
  if (badName !== undefined) throw new HarnessError('CERTIFICATE_FAILED', `"${badName}" is not a DNS name`);
  const badIp = ipAddresses.find((address) => isIP(address) === 0);
  if (badIp !== undefined) throw new HarnessError('CERTIFICATE_FAILED', `"${badIp}" is not an IP address`);
  return [
    ...dnsNames.map((value) => ({ type: 'dns' as const, value })),
    ...ipAddresses.map((value) => ({ type: 'ip' as const, value })),
  ];
}

function generateKeys(): Promise<CryptoKeyPair> {
  // Extractable: the private keys are written out as PEM for the servers.
  return webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

/** 128 random bits with the top bit clear: a positive DER INTEGER that never repeats across runs. */
function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return bytes.toString('hex');
}

function asCertificateError(error: unknown, message: string): HarnessError {
  if (error instanceof HarnessError) return error;
  return new HarnessError('CERTIFICATE_FAILED', message, { cause: error });
}
