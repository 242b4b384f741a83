/** What the deployer did to one resource (or template section) so the emulator could take it. */
export type AdaptationAction = 'created-via-api' | 're-registered' | 'removed' | 'rewritten' | 'context-overridden';

/** One recorded adaptation; the deploy report lists every one of them. */
export interface Adaptation {
  readonly logicalId: string;
  readonly type: string;
  readonly action: AdaptationAction;
  readonly detail: string;
}

/** Formats adaptations as a fixed-width terminal table. */
export function formatAdaptationTable(adaptations: readonly Adaptation[]): string {
  const header = { logicalId: 'LOGICAL ID', type: 'TYPE', action: 'ACTION', detail: 'DETAIL' };
  const rows = [header, ...adaptations];
  const width = (key: 'logicalId' | 'type' | 'action') => Math.max(...rows.map((row) => row[key].length));
  const [idWidth, typeWidth, actionWidth] = [width('logicalId'), width('type'), width('action')];
  return rows
    .map((row) =>
      [row.logicalId.padEnd(idWidth), row.type.padEnd(typeWidth), row.action.padEnd(actionWidth), row.detail].join(
        '  ',
      ),
    )
    .join('\n');
}
