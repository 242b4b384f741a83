import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { propsFromContext, type BuildAppProps } from './synthesize.ts';
import { REPO_ROOT } from '../core/run-dir.ts';
import type { Adaptation } from './adaptation.ts';

/** The CDK app's directory, whose `cdk.json` the real `cdk deploy` reads. */
export const INFRA_DIR = join(REPO_ROOT, 'infra');

/** A context value the harness sets for the emulator, and why (the deploy record lists it as an adaptation). */
export interface ContextOverride {
  readonly value: unknown;
  readonly reason: string;
}

/**
 * The context a `cdk deploy` run in `infraDir` would see: `cdk.context.json` (cached lookups) under
 * `cdk.json`'s `context`, the project's own settings, which win as they do for the CDK CLI.
 */
export function readCdkContext(infraDir: string = INFRA_DIR): Record<string, unknown> {
  const read = (file: string, pick: (json: Record<string, unknown>) => unknown): Record<string, unknown> => {
    const path = join(infraDir, file);
    if (!existsSync(path)) return {};
    const value = pick(JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>);
    return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  };
  return { ...read('cdk.context.json', (json) => json), ...read('cdk.json', (json) => json.context) };
}

/**
 * The app props of a deploy into the emulator: the CDK context read by the infra app's own
 * {@link propsFromContext} (so both read context the same way), with the harness's overrides on top.
 * Each override that changes the context's value is an adaptation of the deploy, never silent: it names the key, both values and why.
 */
export function propsForEmulator(
  context: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, ContextOverride>>,
): { props: BuildAppProps; adaptations: Adaptation[] } {
  const props = propsFromContext((key) => (key in overrides ? overrides[key]!.value : context[key]), {});
  const changed = Object.entries(overrides).filter(
    ([key, { value }]) => JSON.stringify(context[key]) !== JSON.stringify(value),
  );
  const adaptations = changed.map(([key, { value, reason }]) => ({
    logicalId: key,
    type: 'CDK context',
    action: 'context-overridden' as const,
    detail: `${describe(context[key])} -> ${describe(value)}: ${reason}`,
  }));
  return { props, adaptations };
}

function describe(value: unknown): string {
  if (value === undefined) return '(unset)';
  return Array.isArray(value) ? value.join(',') : String(value);
}
