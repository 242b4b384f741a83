import { readFile } from 'node:fs/promises';

/** Services that have a row in the contract, as docs/configuration.md writes them. */
export const APP_SERVICES = ['auth', 'cashflow', 'consolidated'] as const;
export type AppService = (typeof APP_SERVICES)[number];

/**
 * The environment-variable contract from docs/configuration.md: each documented variable and
 * the services that read it (`all` expands to every service). Read from the table itself so
 * the compose checks follow the document rather than a copy of it.
 */
export async function documentedVariables(path: string): Promise<Map<string, Set<AppService>>> {
  const text = await readFile(path, 'utf8');
  const variables = new Map<string, Set<AppService>>();
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // A table row is "| names | services | secret | meaning |": five cells around the pipes.
    if (cells.length < 5 || !cells[1]?.startsWith('`')) continue;
    const names = [...cells[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!);
    const services: AppService[] =
      cells[2] === 'all'
        ? [...APP_SERVICES]
        : (cells[2] ?? '')
            .split(',')
            .map((name) => name.trim())
            .filter((name): name is AppService => (APP_SERVICES as readonly string[]).includes(name));
    for (const name of names) variables.set(name, new Set([...(variables.get(name) ?? []), ...services]));
  }
  return variables;
}
