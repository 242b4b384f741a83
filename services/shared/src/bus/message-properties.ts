/**
 * Reads a message object into a contract's camelCase property names, matching the incoming names
 * case-insensitively as MassTransit's System.Text.Json options do (`PropertyNameCaseInsensitive`),
 * so `AmountCents` (a PascalCase peer) and `amountCents` land on the same property. Properties the
 * contract does not name are dropped, as deserializing into a .NET type drops them.
 */
export function readMessageProperties(
  message: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  const byLowerCase = new Map<string, unknown>();
  for (const [key, value] of Object.entries(message)) byLowerCase.set(key.toLowerCase(), value);
  const result: Record<string, unknown> = {};
  for (const name of names) {
    const value = byLowerCase.get(name.toLowerCase());
    if (value !== undefined) result[name] = value;
  }
  return result;
}
