import { finding, type Finding } from './finding.ts';

/** A product and its version, e.g. `{ product: 'RabbitMQ', version: '3.10.8' }`. */
export interface ProductVersion {
  readonly product: string;
  readonly version: string;
}

/** One backing server: the stand-in that runs here, and the managed engine the target deploys. */
export interface ServerVersionPair {
  /** `postgres`, `rabbitmq`, `redis`. */
  readonly server: string;
  readonly standIn: ProductVersion;
  readonly target: ProductVersion;
  /**
   * How many leading version components must agree. Default: as many as the target names, at most
   * two (`3.13` -> major.minor), because a managed engine's patch level moves on its own
   * (`autoMinorVersionUpgrade`) and patch releases keep the wire protocol.
   */
  readonly significantComponents?: number;
}

export const SERVER_VERSIONS_CHECK = 'server-versions';

function components(version: string): string[] {
  return (/\d+(?:\.\d+)*/.exec(version)?.[0] ?? version).split('.');
}

/**
 * Reports every stand-in whose version differs from its target engine's in the significant
 * components, as a VERSION_SKEW warning naming both: the gate cannot close the gap on this
 * machine (Debian's RabbitMQ is 3.10.8, Amazon MQ runs 3.13), so it says so instead of hiding it.
 */
export function compareServerVersions(pairs: readonly ServerVersionPair[]): Finding[] {
  return pairs.flatMap((pair) => {
    const target = components(pair.target.version);
    const count = pair.significantComponents ?? Math.min(target.length, 2);
    const standIn = components(pair.standIn.version);
    const same = target.slice(0, count).every((part, index) => Number(part) === Number(standIn[index]));
    if (same) return [];
    const compose = `${pair.standIn.product} ${pair.standIn.version}`;
    const aws = `${pair.target.product} ${pair.target.version}`;
    return [
      finding({
        code: 'VERSION_SKEW',
        check: SERVER_VERSIONS_CHECK,
        subject: pair.server,
        compose,
        aws,
        explanation: `${pair.server}: the local stand-in runs ${compose}, the target runs ${aws}; behaviour new in the target is not covered`,
      }),
    ];
  });
}
