/** Keys whose values are user-named maps (log driver options, labels): their keys are kept as written. */
const VERBATIM_MAPS = new Set(['Options', 'DockerLabels', 'Configuration', 'SystemControls', 'Labels', 'DriverOpts']);

/**
 * Converts CloudFormation's PascalCase property names to the SDK's camelCase input names
 * (`ContainerDefinitions` -> `containerDefinitions`), leaving user-named map keys alone.
 */
export function camelCaseKeys(value: unknown, renames: Record<string, string> = {}): unknown {
  if (Array.isArray(value)) return value.map((item) => camelCaseKeys(item, renames));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const name = renames[key] ?? key.charAt(0).toLowerCase() + key.slice(1);
    out[name] = VERBATIM_MAPS.has(key) ? item : camelCaseKeys(item, renames);
  }
  return out;
}
