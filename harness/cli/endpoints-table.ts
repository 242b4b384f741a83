import { redactUri } from '../core/credentials.ts';
import type { StackDocument } from '../stack/stack-document.ts';

/** A URI for display: password as `***`, and the CA path left out (it is printed once, below). */
function displayUri(uri: string): string {
  try {
    const url = new URL(redactUri(uri));
    url.searchParams.delete('sslrootcert');
    return url.href;
  } catch {
    return redactUri(uri);
  }
}

/** The endpoints of a stack as an aligned text table; passwords are shown as `***`. */
export function endpointsTable(document: StackDocument): string {
  const rows: string[][] = [['profile', 'server', 'endpoint', 'tls']];
  for (const [profile, entry] of Object.entries(document.profiles)) {
    if (!entry) continue;
    for (const [server, value] of Object.entries(entry.backing)) {
      rows.push([profile, server, displayUri(value.uri), value.tls ? 'yes' : 'no']);
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
  const table = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  if (document.caFile) table.push('', `TLS CA (NODE_EXTRA_CA_CERTS, sslrootcert): ${document.caFile}`);
  return table.join('\n');
}
