import { execFile } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HarnessError } from '../core/harness-error.ts';
import { requireBinary } from '../core/require-binary.ts';
import type { SystemUser } from '../core/system-user.ts';

const run = promisify(execFile);

/** Paths of one certificate and its key, as a server reads them. */
export interface CertificateFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/**
 * A throwaway certificate authority generated for one run, and the one server certificate it signs
 * (SAN `localhost` and `127.0.0.1`). Clients trust `caFile` (NODE_EXTRA_CA_CERTS, pg `sslrootcert`),
 * so `verify-full` works exactly as against a managed service's CA bundle.
 */
export class CertificateAuthority {
  readonly caFile: string;
  private readonly serverCertFile: string;
  private readonly serverKeyFile: string;

  private constructor(dir: string) {
    this.caFile = join(dir, 'ca.crt');
    this.serverCertFile = join(dir, 'server.crt');
    this.serverKeyFile = join(dir, 'server.key');
  }

  /** Generates the CA and the server certificate in `dir` (EC P-256: fast to make and to handshake). */
  static async create(dir: string, commonName = 'Harness CA'): Promise<CertificateAuthority> {
    const openssl = requireBinary(['/usr/bin/openssl', 'openssl'], 'openssl');
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    const ca = new CertificateAuthority(dir);
    const caKey = join(dir, 'ca.key');
    const csr = join(dir, 'server.csr');
    const ext = join(dir, 'server.ext');
    writeFileSync(
      ext,
      [
        'basicConstraints=CA:FALSE',
        'keyUsage=critical,digitalSignature,keyEncipherment',
        'extendedKeyUsage=serverAuth',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '',
      ].join('\n'),
    );
    const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
    try {
      await run(openssl, [
        'req',
        '-x509',
        ...ec,
        '-keyout',
        caKey,
        '-out',
        ca.caFile,
        '-days',
        '30',
        '-subj',
        `/CN=${commonName}`,
        '-addext',
        'basicConstraints=critical,CA:TRUE',
        '-addext',
        'keyUsage=critical,keyCertSign,cRLSign',
      ]);
      await run(openssl, ['req', '-new', ...ec, '-keyout', ca.serverKeyFile, '-out', csr, '-subj', '/CN=localhost']);
      await run(openssl, [
        'x509',
        '-req',
        '-in',
        csr,
        '-CA',
        ca.caFile,
        '-CAkey',
        caKey,
        '-CAcreateserial',
        '-out',
        ca.serverCertFile,
        '-days',
        '30',
        '-extfile',
        ext,
      ]);
    } catch (error) {
      throw new HarnessError('START_FAILED', `could not generate the run's TLS certificates with openssl`, {
        cause: error,
      });
    }
    chmodSync(caKey, 0o600);
    chmodSync(ca.caFile, 0o644);
    return ca;
  }

  /**
   * Copies the CA, server certificate and key into `dir`, owned by the server's account with the
   * key at 0600 (PostgreSQL refuses a key others can read).
   */
  installServerCertificate(dir: string, owner?: SystemUser): CertificateFiles {
    mkdirSync(dir, { recursive: true });
    const files = { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') };
    copyFileSync(this.caFile, files.caFile);
    copyFileSync(this.serverCertFile, files.certFile);
    copyFileSync(this.serverKeyFile, files.keyFile);
    chmodSync(files.keyFile, 0o600);
    if (owner) for (const file of [dir, ...Object.values(files)]) chownSync(file, owner.uid, owner.gid);
    return files;
  }

  /** The CA, server certificate and key as PEM text, for copying into containers. */
  serverMaterial(): { ca: string; cert: string; key: string } {
    return {
      ca: readFileSync(this.caFile, 'utf8'),
      cert: readFileSync(this.serverCertFile, 'utf8'),
      key: readFileSync(this.serverKeyFile, 'utf8'),
    };
  }
}
