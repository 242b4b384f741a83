// `npx tsx harness/deploy/compose-certificates.ts <dir>`: the CA and server certificate that
// docker-compose.localstack.yml mounts (the harness's run CA names only localhost).
import { execFile } from 'node:child_process';
import { Command } from 'commander';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';

const run = promisify(execFile);

/** The names the compose services reach the managed servers by, plus loopback for the host. */
export const COMPOSE_SERVER_NAMES = ['postgres', 'rabbitmq', 'redis', 'localhost'] as const;

/**
 * Writes `ca.crt`, `ca.key`, `server.crt` and `server.key` into `dir` with openssl (EC P-256,
 * 30 days); the server certificate's SANs are {@link COMPOSE_SERVER_NAMES} and 127.0.0.1.
 * Keys are 0600; the compose services copy theirs out of the read-only mount.
 */
export async function writeComposeCertificates(
  dir: string,
): Promise<{ caFile: string; certFile: string; keyFile: string }> {
  await mkdir(dir, { recursive: true });
  const files = {
    caFile: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    certFile: join(dir, 'server.crt'),
    keyFile: join(dir, 'server.key'),
    csr: join(dir, 'server.csr'),
    ext: join(dir, 'server.ext'),
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const san = [...COMPOSE_SERVER_NAMES.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',');
  await writeFile(files.ext, `basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\nsubjectAltName=${san}\n`);
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    files.caKey,
    '-out',
    files.caFile,
    '-days',
    '30',
    '-subj',
    '/CN=Cashflow compose CA',
  ]);
  await run('openssl', [
    'req',
    '-new',
    ...ec,
    '-keyout',
    files.keyFile,
    '-out',
    files.csr,
    '-subj',
    '/CN=cashflow-managed',
  ]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    files.csr,
    '-CA',
    files.caFile,
    '-CAkey',
    files.caKey,
    '-CAcreateserial',
    '-out',
    files.certFile,
    '-days',
    '30',
    '-extfile',
    files.ext,
  ]);
  await chmod(files.caKey, 0o600);
  await chmod(files.keyFile, 0o600);
  return { caFile: files.caFile, certFile: files.certFile, keyFile: files.keyFile };
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
