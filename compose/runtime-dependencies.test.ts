import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** What a service image runs besides the services' own imports: the TypeScript loader of its CMD. */
const IMAGE_RUNTIME = ['tsx'];

/**
 * Source files a service image copies (services/shared and the service); tests and the `test/`
 * folders of fixtures are left out, as .dockerignore leaves them out of the image.
 */
async function imageSources(): Promise<string[]> {
  const files: string[] = [];
  for (const part of ['shared', 'auth', 'cashflow', 'consolidated']) {
    const dir = join(ROOT, 'services', part);
    for (const entry of await readdir(dir, { recursive: true })) {
      if (entry.startsWith('node_modules') || entry.startsWith('test/')) continue;
      if (entry.endsWith('.ts') && !entry.endsWith('.test.ts') && !entry.includes('test-support')) {
        files.push(join(dir, entry));
      }
    }
  }
  return files;
}

/** The npm package an import specifier names, or undefined for relative and `node:` imports. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

describe('package.json dependencies are what the service images need', () => {
  it('holds exactly the packages the services import (the images install `npm ci --omit=dev`)', async () => {
    const imported = new Set<string>(IMAGE_RUNTIME);
    for (const file of await imageSources()) {
      const source = await readFile(file, 'utf8');
      for (const match of source.matchAll(/(?:\bfrom\s+|^import\s+|\bimport\(\s*)'([^']+)'/gm)) {
        const name = packageOf(match[1]!);
        if (name !== undefined) imported.add(name);
      }
    }
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    // Missing ones would crash a container at start; extra ones only make every image larger.
    expect(Object.keys(manifest.dependencies).sort()).toEqual([...imported].sort());
  });
});
