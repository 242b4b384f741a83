import type { Logger } from 'pino';
import { HarnessError } from '../../core/harness-error.ts';
import type { EmulatorClients } from '../../aws/emulator-clients.ts';

/** What a handler gets: the resource's properties with every reference already substituted. */
export interface ApiResourceContext {
  readonly clients: EmulatorClients;
  readonly stackName: string;
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
  readonly log: Logger;
}

/** A resource created (or found again) through its service's own API. */
export interface ApiResourceResult {
  /** What `Ref` to this resource gives in real CloudFormation. */
  readonly ref: string;
  /** What `Fn::GetAtt` gives, by attribute name. */
  readonly attributes: Record<string, unknown>;
  /** The id or name the service knows it by. */
  readonly physicalId: string;
  readonly arn?: string;
  /** True when an earlier deploy had created it and it was reused. */
  readonly reused: boolean;
  /** The API used, for the adaptation report (no secret values). */
  readonly detail: string;
}

/** Creates one CloudFormation resource type through its service's API, idempotently (found by name and reused). */
export interface ApiResourceHandler {
  readonly type: string;
  ensure(context: ApiResourceContext): Promise<ApiResourceResult>;
}

/**
 * A deterministic physical name, `<stack>-<logicalId>` cut to `maxLength`, so a redeploy finds
 * the resource it created before instead of creating a twin.
 */
export function physicalName(
  stackName: string,
  logicalId: string,
  options: { maxLength: number; lowercase?: boolean; separator?: string },
): string {
  let name = `${stackName}${options.separator ?? '-'}${logicalId}`.replace(/[^A-Za-z0-9-]/g, '-');
  if (options.lowercase) name = name.toLowerCase();
  if (name.length > options.maxLength) name = name.slice(name.length - options.maxLength).replace(/^-+/, '');
  return name;
}

/** Reads a property as a string; throws naming the resource and property when it is something else. */
export function stringProp(context: ApiResourceContext, name: string): string | undefined {
  const value = context.properties[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  throw new HarnessError(
    'TEMPLATE_INVALID',
    `${context.logicalId}: property ${name} must be a string after substitution, got ${JSON.stringify(value).slice(0, 80)}`,
  );
}

/** Reads a property as a list of strings. */
export function stringListProp(context: ApiResourceContext, name: string): string[] | undefined {
  const value = context.properties[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
  throw new HarnessError(
    'TEMPLATE_INVALID',
    `${context.logicalId}: property ${name} must be a list of strings after substitution`,
  );
}
