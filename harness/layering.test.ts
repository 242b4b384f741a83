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

/** Folders that hold a door: code outside the folder reaches it only through its `index.ts`. */
const DOORS: readonly string[] = ['launch'];

const root = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(root);
const SOURCE = /\.(ts|mts|js|mjs)$/;
// Build output, dependencies and run state hold no source of ours.
const SKIPPED = new Set(['node_modules', 'dist', 'cdk.out', 'coverage']);

function layerOf(folder: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(folder));
  if (index < 0) throw new Error(`harness/${folder}/ is in no layer of harness/layering.test.ts: add it`);
  return index;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

const isTest = (file: string): boolean => /\.test\.[cm]?[jt]s$/.test(file);

/** Every relative specifier a module names: static and type imports, re-exports, dynamic imports. */
function relativeImports(source: string): string[] {
  return [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g)].map(
    ([, , specifier]) => specifier!,
  );
}

test('the scan sees every kind of import', () => {
  const source = [
    "import { a } from './a.ts';",
    "import type { B } from '../b/b.ts';",
    "export { c } from './c/index.ts';",
    "const d = await import('../d.ts');",
    "import './e.ts';",
    "import { f } from 'node:fs';",
  ].join('\n');
  expect(relativeImports(source)).toEqual(['./a.ts', '../b/b.ts', './c/index.ts', '../d.ts', './e.ts']);
});

test('no module of harness/ imports from a higher layer', () => {
  const violations: string[] = [];
  for (const folder of readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const own = layerOf(folder.name);
    for (const file of sourceFiles(join(root, folder.name)).filter((f) => !isTest(f))) {
      for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
        const target = relative(root, resolve(dirname(file), specifier)).split('/')[0]!;
        if (target.startsWith('..') || target === folder.name || SOURCE.test(target)) continue;
        if (layerOf(target) > own) violations.push(`${relative(root, file)} -> ${specifier}`);
      }
    }
  }
  expect(violations).toEqual([]);
});

test('code outside a door folder imports it only through its index.ts', () => {
  const bypasses: string[] = [];
  for (const door of DOORS.map((folder) => join(root, folder))) {
    for (const file of sourceFiles(repoRoot)) {
      if (!relative(door, file).startsWith('..')) continue; // the folder's own modules and tests
      for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), specifier);
        if (relative(door, target).startsWith('..') || target === join(door, 'index.ts')) continue;
        bypasses.push(`${relative(repoRoot, file)} -> ${specifier}`);
      }
    }
  }
  expect(bypasses).toEqual([]);
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
  // Tests may compare with the source (a router test checks the SPA function it was written for).
  for (const file of sourceFiles(root).filter((path) => !isTest(path))) {
    for (const specifier of relativeImports(readFileSync(file, 'utf8'))) {
      const target = resolve(dirname(file), specifier);
      if (target !== infra && !target.startsWith(`${infra}/`)) continue;
      if (!INFRA_IMPORTERS.includes(relative(root, file))) violations.push(`${relative(root, file)} -> ${specifier}`);
    }
  }
  expect(violations).toEqual([]);
});
