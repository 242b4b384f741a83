import type { Static, TObject } from 'typebox';
import Value from 'typebox/value';
import { ConfigError } from './config-error.ts';

/**
 * Validates the environment against a TypeBox object of string-valued variables and returns
 * the typed subset. Empty strings count as unset, as docker-compose and ECS both produce them
 * for variables declared without a value.
 *
 * @throws ConfigError naming each missing or malformed variable (never its value).
 */
export function readEnv<S extends TObject>(schema: S, env: NodeJS.ProcessEnv): Static<S> {
  const picked: Record<string, string> = {};
  for (const name of Object.keys(schema.properties)) {
    const value = env[name];
    if (value !== undefined && value !== '') picked[name] = value;
  }
  const errors = [...Value.Errors(schema, picked)];
  if (errors.length === 0) return picked as Static<S>;

  const variables: string[] = [];
  const problems: string[] = [];
  for (const error of errors) {
    if (error.keyword === 'required') {
      const params = error.params as { requiredProperties?: string[] };
      for (const name of params.requiredProperties ?? []) {
        variables.push(name);
        problems.push(`${name} is required`);
      }
      continue;
    }
    const name = error.instancePath.replace(/^\//, '');
    if (variables.includes(name)) continue;
    const property = schema.properties[name] as { description?: string } | undefined;
    variables.push(name);
    problems.push(`${name} is malformed: expected ${property?.description ?? error.message}`);
  }
  throw new ConfigError(variables, problems);
}
