import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImportCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand } from '@aws-sdk/client-acm';
import { HarnessError } from '../core/harness-error.ts';
import { CertificateAuthority } from '../tls/certificate-authority.ts';
import type { EmulatorClients } from '../aws/emulator-clients.ts';

/** PEM material of the ALB's certificate. */
export interface CertificateMaterial {
  readonly cert: string;
  readonly key: string;
  /** The issuing CA, when the certificate is not self-signed. */
  readonly chain?: string;
}

const STACK_TAG = 'harness:stack';

/**
 * Imports the HTTPS listener's certificate into the emulator's ACM (CDK's listener needs an
 * existing ARN) and returns its ARN. A certificate imported for the same stack before is reused.
 */
export async function importCertificate(
  clients: EmulatorClients,
  stackName: string,
  material: CertificateMaterial,
): Promise<string> {
  const listed = await clients.acm.send(new ListCertificatesCommand({}));
  for (const summary of listed.CertificateSummaryList ?? []) {
    const tags = await clients.acm.send(new ListTagsForCertificateCommand({ CertificateArn: summary.CertificateArn }));
    if (tags.Tags?.some((tag) => tag.Key === STACK_TAG && tag.Value === stackName)) return summary.CertificateArn!;
  }
  const imported = await clients.acm.send(
    new ImportCertificateCommand({
      Certificate: Buffer.from(material.cert),
      PrivateKey: Buffer.from(material.key),
      CertificateChain: material.chain ? Buffer.from(material.chain) : undefined,
      Tags: [{ Key: STACK_TAG, Value: stackName }],
    }),
  );
  if (!imported.CertificateArn) {
    throw new HarnessError('CERTIFICATE_FAILED', `ACM ImportCertificate returned no ARN for the stack ${stackName}`);
  }
  return imported.CertificateArn;
}

/**
 * A `localhost` / `127.0.0.1` certificate from a throwaway CA, with that CA as its chain, for when no
 * harness CA is at hand. The CA's files only live while it is made.
 */
export async function localhostCertificate(): Promise<CertificateMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'harness-cert-'));
  try {
    const { ca, cert, key } = (await CertificateAuthority.create(dir, 'Harness ALB CA')).serverMaterial();
    return { cert, key, chain: ca };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
