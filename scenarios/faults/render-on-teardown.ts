import { renderReliabilityDoc } from './render-reliability-doc.ts';

/** After the fault files ran (passed or not), docs/reliability.md's tables are rendered from their reports. */
export async function teardown(): Promise<void> {
  await renderReliabilityDoc();
}
