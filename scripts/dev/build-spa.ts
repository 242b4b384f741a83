import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { build } from 'vite';

/**
 * Builds the SPA with Vite into `outDir` and returns it. Always a fresh build: `npm run dev` and
 * the browser test must serve the sources as they are now, whereas the compose launcher only
 * builds when no build exists.
 */
export async function buildSpa(rootDir: string, outDir: string, logger: Logger): Promise<string> {
  const started = Date.now();
  await build({
    configFile: join(rootDir, 'services', 'frontend', 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  // nginx workers run as nobody when this runs as root; they must be able to read the site.
  await chmod(outDir, 0o755);
  logger.info({ outDir, ms: Date.now() - started }, 'SPA built');
  return outDir;
}
