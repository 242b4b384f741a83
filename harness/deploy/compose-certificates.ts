// `npx tsx harness/deploy/compose-certificates.ts <dir>`: the CA and server certificate that
// docker-compose.localstack.yml mounts (the harness's run CA names only localhost).
import { Command } from 'commander';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CertificateAuthority, type CertificateFiles } from '../tls/certificate-authority.ts';

/** The names the compose services reach the managed servers by, plus loopback for the host. */
const COMPOSE_SERVER_NAMES = ['postgres', 'rabbitmq', 'redis', 'localhost'] as const;

/**
 * Writes `ca.crt`, `ca.key`, `server.crt` and `server.key` into `dir` (EC P-256, 30 days); the server
 * certificate's SANs are {@link COMPOSE_SERVER_NAMES} and 127.0.0.1. Keys are 0600; the compose
 * services copy theirs out of the read-only mount.
 */
export async function writeComposeCertificates(dir: string): Promise<CertificateFiles> {
  const ca = await CertificateAuthority.create(dir, 'Cashflow compose CA');
  const server = await ca.issue({
    commonName: 'cashflow-managed',
    dnsNames: COMPOSE_SERVER_NAMES,
    ipAddresses: ['127.0.0.1'],
  });
  return server.writeFiles(dir);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const program = new Command('harness/deploy/compose-certificates.ts')
    .argument('[dir]', 'where to write the files', '.harness/compose-certs')
    .showHelpAfterError()
    // A bad argument is a usage error: exit 2, as the other scripts do (help itself exits 0).
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2))
    .parse();
  const dir = resolve(program.processedArgs[0] as string);
  writeComposeCertificates(dir).then(
    () => process.stdout.write(`certificates written to ${dir}\n`),
    (error: unknown) => {
      process.stderr.write(`could not write certificates: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
