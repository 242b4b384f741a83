import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

interface Stage {
  readonly from: string;
  readonly name: string | undefined;
  readonly lines: string[];
}

/** Splits a Dockerfile into its stages, with `ARG` defaults substituted into `FROM`. */
function stages(dockerfile: string): Stage[] {
  const args = new Map<string, string>();
  const result: Stage[] = [];
  const lines = dockerfile.replace(/\\\n/g, ' ').split('\n');
  for (const line of lines.map((l) => l.trim())) {
    if (line === '' || line.startsWith('#')) continue;
    const arg = /^ARG\s+(\w+)=(\S+)/.exec(line);
    if (arg && result.length === 0) args.set(arg[1]!, arg[2]!);
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const image = from[1]!.replace(/\$\{(\w+)\}/g, (_m, name: string) => args.get(name) ?? '');
      result.push({ from: image, name: from[2], lines: [] });
      continue;
    }
    result.at(-1)?.lines.push(line);
  }
  return result;
}

describe.each(['services/Dockerfile', 'services/frontend/Dockerfile'])('%s', (path) => {
  const read = (): Promise<string> => readFile(join(ROOT, path), 'utf8');

  it('is multi-stage with pinned base images', async () => {
    const all = stages(await read());
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const [index, stage] of all.entries()) {
      // A stage may build on an earlier one by name; any other base must be a pinned image.
      if (all.slice(0, index).some((earlier) => earlier.name === stage.from)) continue;
      expect(stage.from).toMatch(/:\d+\.\d+\.\d+-/);
      expect(stage.from).not.toMatch(/:latest$/);
    }
  });

  it('runs as a non-root user', async () => {
    const final = stages(await read()).at(-1)!;
    const user = final.lines.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER\s+(root|0)(:|$)/);
  });
});

describe('services/Dockerfile', () => {
  const read = (): Promise<string> => readFile(join(ROOT, 'services', 'Dockerfile'), 'utf8');

  it('installs production dependencies only and starts the chosen service with tsx', async () => {
    const text = await read();
    expect(text).toMatch(/npm ci --omit=dev/);
    expect(text).toContain('COPY services/shared ./services/shared');
    expect(text).toContain('COPY services/${SERVICE} ./services/${SERVICE}');
    // CMD cannot expand build arguments: the service's directory is the working directory.
    expect(text).toContain('WORKDIR /app/services/${SERVICE}');
    expect(text).toContain('CMD ["node", "--import", "tsx", "src/server.ts"]');
  });

  it('accepts exactly the services that have a server as SERVICE', async () => {
    const accepted = /case "\$\{SERVICE\}" in ([^)]+)\)/
      .exec(await read())?.[1]
      ?.split('|')
      .map((s) => s.trim());
    const withServer = (await readdir(join(ROOT, 'services'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'services', entry.name, 'src', 'server.ts')))
      .map((entry) => entry.name);
    expect(accepted?.sort()).toEqual(withServer.sort());
  });

  it('health-checks the PORT the build gave it', async () => {
    const final = stages(await read()).at(-1)!;
    expect(final.lines).toContain('ARG PORT');
    expect(final.lines).toContain('ENV PORT=${PORT}');
    expect(final.lines.find((line) => line.startsWith('HEALTHCHECK'))).toContain("process.env.PORT + '/health/ready'");
  });
});

describe('services/frontend/Dockerfile', () => {
  it('serves the Vite build through the nginx template mechanism', async () => {
    const text = await readFile(join(ROOT, 'services', 'frontend', 'Dockerfile'), 'utf8');
    expect(text).toContain('COPY services/frontend/nginx/templates/ /etc/nginx/templates/');
    expect(text).toContain('COPY --from=build /app/services/frontend/dist/ /usr/share/nginx/html/');
  });
});
