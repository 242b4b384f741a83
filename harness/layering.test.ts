import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

/**
 * The layers of harness/, lowest first (docs/harness.md has the map). A folder may import its own
 * layer and those below it, never one above: data flows CLI -> providers + emulator -> deploy ->
 * launch -> checks -> report.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['core', 'wait', 'tls'],
  ['providers', 'emulator', 'aws', 'cleanup', 'stack'],
  ['deploy'],
  ['launch'],
  ['up', 'verify', 'report'],
  ['cli', 'test-support'],
];

const root = dirname(fileURLToPath(import.meta.url));

function layerOf(folder: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(folder));
  if (index < 0) throw new Error(`harness/${folder}/ is in no layer of harness/layering.test.ts: add it`);
  return index;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

test('no module of harness/ imports from a higher layer', () => {
  const violations: string[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const own = layerOf(folder.name);
    for (const file of sourceFiles(join(root, folder.name))) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        const target = relative(root, resolve(dirname(file), specifier!)).split('/')[0]!;
        if (target.startsWith('..') || target === folder.name || target.endsWith('.ts')) continue;
        if (layerOf(target) > own) violations.push(`${relative(root, file)} -> ${specifier}`);
      }
    }
  }
  expect(violations).toEqual([]);
});

/**
 * The aws profile and the gate are built from what the deploy left, never from the infra app's
 * source: a harness that read infra/ could repair a defect of the deployed target and not see it.
 * Only the stack-outputs contract (harness/aws) and the deploy's synth entry may import it.
 */
const INFRA_IMPORTERS = ['aws/stack-outputs.ts', 'deploy/synthesize.ts'];

test('only the stack-outputs contract and the synth entry import infra/', () => {
  const infra = resolve(root, '..', 'infra');
  const violations: string[] = [];
  for (const file of sourceFiles(root)) {
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => m[1]!);
    for (const specifier of specifiers) {
      const target = resolve(dirname(file), specifier);
      if (target !== infra && !target.startsWith(`${infra}/`)) continue;
      if (!INFRA_IMPORTERS.includes(relative(root, file))) violations.push(`${relative(root, file)} -> ${specifier}`);
    }
  }
  expect(violations).toEqual([]);
});
