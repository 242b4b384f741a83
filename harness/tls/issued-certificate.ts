import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SystemUser } from '../core/system-user.ts';

/** Paths of one certificate and its key, as a server reads them. */
export interface CertificateFiles {
  readonly caFile: string;
  readonly certFile: string;
  readonly keyFile: string;
}

/** A certificate signed by a {@link CertificateAuthority}, with its private key, all as PEM text. */
export class IssuedCertificate {
  constructor(
    /** The certificate (PEM). */
    readonly cert: string,
    /** Its private key (PKCS#8 PEM, unencrypted). */
    readonly key: string,
    /** The issuing CA's certificate (PEM), the chain a client needs to trust `cert`. */
    readonly ca: string,
  ) {}

  /**
   * Writes `ca.crt`, `server.crt` and `server.key` into `dir`. The key is 0600 and, with an `owner`,
   * the directory and files belong to that account: PostgreSQL refuses a key others can read or that
   * is not its own, and RabbitMQ drops root before it reads its files.
   */
  writeFiles(dir: string, owner?: SystemUser): CertificateFiles {
    mkdirSync(dir, { recursive: true });
    const files = { caFile: join(dir, 'ca.crt'), certFile: join(dir, 'server.crt'), keyFile: join(dir, 'server.key') };
    writeFileSync(files.caFile, this.ca, { mode: 0o644 });
    writeFileSync(files.certFile, this.cert, { mode: 0o644 });
    writeFileSync(files.keyFile, this.key, { mode: 0o600 });
    // A file that existed keeps its mode through writeFileSync: set it again.
    chmodSync(files.keyFile, 0o600);
    if (owner) for (const file of [dir, ...Object.values(files)]) chownSync(file, owner.uid, owner.gid);
    return files;
  }
}
