import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APP_SERVICES } from '../launch/index.ts';

/** A stand-in service: ready at once, and answers any other path with its name and environment. */
function stubServer(name: string): string {
  return `import { createServer } from 'node:http';
createServer((req, res) => {
  if (req.url === '/health/ready') return void res.end('ok');
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ service: '${name}', url: req.url, env: process.env }));
}).listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => process.exit(0));
`;
}

/**
 * A throwaway copy of the repository's layout for launcher tests: the real docker-compose.yml
 * and frontend nginx template, a prebuilt SPA page, and stub services that report the
 * environment they were started with. node_modules is linked so `--import tsx` resolves.
 */
export async function createStubRepository(repoRoot: string): Promise<{ rootDir: string } & AsyncDisposable> {
  const rootDir = await mkdtemp(join(tmpdir(), 'launch-repo-'));
  // nginx's worker runs as nobody when tests run as root: the SPA copy must be readable.
  await chmod(rootDir, 0o755);
  await symlink(join(repoRoot, 'node_modules'), join(rootDir, 'node_modules'));
  await copyFile(join(repoRoot, 'docker-compose.yml'), join(rootDir, 'docker-compose.yml'));
  const templates = join(rootDir, 'services', 'frontend', 'nginx', 'templates');
  await mkdir(templates, { recursive: true });
  await copyFile(
    join(repoRoot, 'services', 'frontend', 'nginx', 'templates', 'default.conf.template'),
    join(templates, 'default.conf.template'),
  );
  const dist = join(rootDir, 'services', 'frontend', 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true, mode: 0o755 });
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>cash flow</title>');
  await writeFile(join(dist, 'assets', 'app.js'), 'export {};');
  for (const name of Object.keys(APP_SERVICES)) {
    const src = join(rootDir, 'services', name, 'src');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'server.ts'), stubServer(name));
  }
  return { rootDir, [Symbol.asyncDispose]: () => rm(rootDir, { recursive: true, force: true }) };
}
