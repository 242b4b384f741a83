import { HarnessError } from '../../core/harness-error.ts';
import type { CertificateAuthority } from '../../tls/certificate-authority.ts';
import type { Flavour } from '../backing-server.ts';

/**
 * What every native server builder records: its flavour, the run dir it lives under, the CA that
 * signs its certificate and how long its start may take. `withX()` only records; `start()` of the
 * subclass checks the options with {@link requireOptions} and does the work.
 */
export abstract class NativeServerBuilder {
  protected flavour: Flavour = 'compose';
  protected runDir = '';
  protected ca: CertificateAuthority | undefined;
  protected startupTimeoutMs: number;
  private readonly builderName: string;

  protected constructor(builderName: string, defaultStartupTimeoutMs: number) {
    this.builderName = builderName;
    this.startupTimeoutMs = defaultStartupTimeoutMs;
  }

  /** compose (plain TCP, compose's credentials) or managed (TLS only, generated credentials). @default 'compose' */
  withFlavour(flavour: Flavour): this {
    this.flavour = flavour;
    return this;
  }

  /** The run dir this server lives under (required). */
  withRunDir(runDir: string): this {
    this.runDir = runDir;
    return this;
  }

  /** The CA that signs the TLS certificate (required for the managed flavour). */
  withCertificateAuthority(ca: CertificateAuthority): this {
    this.ca = ca;
    return this;
  }

  withStartupTimeout(timeoutMs: number): this {
    this.startupTimeoutMs = timeoutMs;
    return this;
  }

  /** Fails, naming the missing option, when the run dir or a managed flavour's CA is not given. */
  protected requireOptions(): void {
    if (!this.runDir) throw new HarnessError('OPTION_INVALID', `${this.builderName}: withRunDir() is required`);
    if (this.flavour === 'managed' && !this.ca) {
      throw new HarnessError(
        'OPTION_INVALID',
        `${this.builderName}: the managed flavour needs withCertificateAuthority()`,
      );
    }
  }
}
