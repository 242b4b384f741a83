const shapes = [
  /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i,
  /^([0-9a-f]{8})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{4})([0-9a-f]{12})$/i,
  /^\{([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}$/i,
  /^\(([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\)$/i,
];

/**
 * Reads a GUID the way .NET's `Guid.TryParse` does for the formats peers write (`D`, `N`, `B`,
 * `P`, surrounding whitespace allowed) and returns it in MassTransit's own `D` form, lower case,
 * so that one id has one spelling in the inbox.
 *
 * @returns undefined when the text is no GUID.
 */
export function parseGuid(text: string): string | undefined {
  const trimmed = text.trim();
  for (const shape of shapes) {
    const match = shape.exec(trimmed);
    if (match !== null) return match.slice(1).join('-').toLowerCase();
  }
  return undefined;
}
