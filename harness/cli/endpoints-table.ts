import { redactUri } from '../core/credentials.ts';
import type { StackDocument } from '../stack/stack-document.ts';

/** The endpoints of a stack as an aligned text table; passwords are shown as `***`. */
export function endpointsTable(document: StackDocument): string {
  const rows: string[][] = [['profile', 'server', 'endpoint', 'tls']];
  for (const [profile, entry] of Object.entries(document.profiles)) {
    if (!entry) continue;
    for (const [server, value] of Object.entries(entry.backing)) {
      rows.push([profile, server, redactUri(value.uri), value.tls ? 'yes' : 'no']);
    }
    if (entry.backing.rabbitmq.managementUri) {
      rows.push([
        profile,
        'rabbitmq-mgmt',
        entry.backing.rabbitmq.managementUri,
        entry.backing.rabbitmq.tls ? 'yes' : 'no',
      ]);
    }
    if (entry.emulator)
      rows.push([profile, `emulator`, `${entry.emulator.endpoint} (${entry.emulator.version})`, 'no']);
    for (const [name, service] of Object.entries(entry.services ?? {})) rows.push([profile, name, service.url, '']);
    if (entry.gateway) rows.push([profile, 'gateway', entry.gateway.url, '']);
  }
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
