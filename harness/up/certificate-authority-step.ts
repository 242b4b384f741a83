import { join } from 'node:path';
import { CertificateAuthority } from '../tls/certificate-authority.ts';
import type { UpStep } from './up-step.ts';

/** Generates the run's CA and server certificate; the managed flavour and clients use them. */
export const certificateAuthorityStep: UpStep = {
  name: 'certificate authority',
  async run(context) {
    const ca = await CertificateAuthority.create(join(context.runDir.path, 'ca'), `Harness CA ${context.runDir.runId}`);
    context.state.ca = ca;
    context.document.caFile = ca.caFile;
  },
};
