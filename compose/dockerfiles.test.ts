import { readFile } from 'node:fs/promises';
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

describe.each(['auth', 'cashflow', 'consolidated', 'frontend'])('services/%s/Dockerfile', (name) => {
  const read = (): Promise<string> => readFile(join(ROOT, 'services', name, 'Dockerfile'), 'utf8');

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

describe.each(['auth', 'cashflow', 'consolidated'])('services/%s/Dockerfile', (name) => {
  it('installs production dependencies only and starts the service with tsx', async () => {
    const text = await readFile(join(ROOT, 'services', name, 'Dockerfile'), 'utf8');
    expect(text).toMatch(/npm ci --omit=dev/);
    expect(text).toContain(`CMD ["node", "--import", "tsx", "services/${name}/src/server.ts"]`);
    expect(text).toContain('COPY services/shared ./services/shared');
  });
});

describe('services/frontend/Dockerfile', () => {
  it('serves the Vite build through the nginx template mechanism', async () => {
    const text = await readFile(join(ROOT, 'services', 'frontend', 'Dockerfile'), 'utf8');
    expect(text).toContain('COPY services/frontend/nginx/templates/ /etc/nginx/templates/');
    expect(text).toContain('COPY --from=build /app/services/frontend/dist/ /usr/share/nginx/html/');
  });
});
