const LEVEL_NAMES: Readonly<Record<number, string>> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warning',
  50: 'error',
  60: 'fatal',
};

// pino's own fields, and the ones a person reads in the line's head rather than its tail.
const HEAD_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'component', 'v']);

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'message' in value) return String(value.message);
  return JSON.stringify(value);
}

/**
 * One pino JSON record as the line a person reads between the CLI's progress lines:
 * `warning (gateway): the emulator dropped ... [bucket=cashflow-..., profile=aws]`. A line that is
 * not a JSON record passes through unchanged.
 */
export function humanLogLine(jsonLine: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(jsonLine) as Record<string, unknown>;
  } catch {
    return jsonLine;
  }
  if (record === null || typeof record !== 'object') return jsonLine;
  const level = LEVEL_NAMES[Number(record.level)] ?? String(record.level);
  const component = typeof record.component === 'string' ? ` (${record.component})` : '';
  const details = Object.entries(record)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${show(value)}`);
  const tail = details.length > 0 ? ` [${details.join(', ')}]` : '';
  return `${level}${component}: ${show(record.msg ?? '')}${tail}\n`;
}
