import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImportCertificateCommand, ListCertificatesCommand, ListTagsForCertificateCommand } from '@aws-sdk/client-acm';
import type { EmulatorClients } from '../aws/emulator-clients.ts';

const run = promisify(execFile);

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
  if (!imported.CertificateArn) throw new Error('ACM ImportCertificate returned no ARN');
  return imported.CertificateArn;
}

/** A self-signed `localhost` certificate, for when no harness CA is at hand (openssl, EC P-256). */
export async function selfSignedCertificate(): Promise<CertificateMaterial> {
  const dir = await mkdtemp(join(tmpdir(), 'harness-cert-'));
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '30',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ]);
    return { cert: await readFile(join(dir, 'cert.pem'), 'utf8'), key: await readFile(join(dir, 'key.pem'), 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
