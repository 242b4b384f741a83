import { finding, type Finding } from './finding.ts';

export const NETWORK_CHECK = 'network';

/** One rule of a security group: to or from a peer group or a CIDR, on a protocol and port range. */
export interface NetworkRule {
  /** `tcp`, `udp`, `icmp`, or `-1` for every protocol. */
  readonly protocol: string;
  readonly fromPort?: number;
  readonly toPort?: number;
  readonly cidr?: string;
  readonly groupId?: string;
}

export interface NetworkGroup {
  readonly ingress: readonly NetworkRule[];
  readonly egress: readonly NetworkRule[];
}

export interface NetworkInput {
  /** Security groups by id. */
  readonly groups: Readonly<Record<string, NetworkGroup>>;
  /** The groups each party runs in: services (`auth`), data servers (`postgres`) and `gateway` (the ALB). */
  readonly members: Readonly<Record<string, readonly string[]>>;
  /** The paths compose wires (a service to a server it uses, the proxy to a service), on the aws side's port. */
  readonly needs: readonly { readonly from: string; readonly to: string; readonly port: number }[];
  /** Each data server and the one port it serves on in aws. */
  readonly dataServers: Readonly<Record<string, number>>;
}

const EVERYWHERE = new Set(['0.0.0.0/0', '::/0']);

/**
 * Each path compose wires must be open in aws (egress of the client's groups and ingress of the
 * server's, on the port): `NETWORK_UNREACHABLE` otherwise. Each data server must be open to exactly
 * its clients: `NETWORK_TOO_OPEN` for ingress from 0.0.0.0/0 (or ::/0), on another port, or a
 * service that can reach a server it does not use.
 */
export function compareNetwork(input: NetworkInput): Finding[] {
  const findings: Finding[] = [];
  for (const need of input.needs) {
    const blocked = blockedBy(input, need.from, need.to, need.port);
    if (blocked === undefined) continue;
    findings.push(
      finding({
        code: 'NETWORK_UNREACHABLE',
        check: NETWORK_CHECK,
        subject: `${need.from} -> ${need.to}:${need.port}`,
        compose: 'reachable (one compose network)',
        aws: blocked,
        explanation: `${need.from} uses ${need.to}, but the security groups close port ${need.port}: ${blocked}`,
      }),
    );
  }
  for (const [server, port] of Object.entries(input.dataServers)) {
    for (const groupId of input.members[server] ?? []) {
      for (const rule of input.groups[groupId]?.ingress ?? []) {
        const open = rule.cidr !== undefined && EVERYWHERE.has(rule.cidr);
        const extraPorts = !(rule.protocol === 'tcp' && rule.fromPort === port && rule.toPort === port);
        if (!open && !extraPorts) continue;
        findings.push(
          finding({
            code: 'NETWORK_TOO_OPEN',
            check: NETWORK_CHECK,
            subject: `${server}/ingress ${describeRule(rule)}`,
            compose: `${server} is reachable on its network only`,
            aws: `${groupId} ingress ${describeRule(rule)}`,
            explanation: open
              ? `${server} accepts connections from anywhere (${rule.cidr})`
              : `${server} serves on ${port} but its security group opens ${describePorts(rule)}`,
          }),
        );
      }
    }
    const users = new Set(input.needs.filter((n) => n.to === server).map((n) => n.from));
    for (const other of Object.keys(input.members)) {
      if (other === server || users.has(other) || other in input.dataServers) continue;
      if (blockedBy(input, other, server, port) !== undefined) continue;
      findings.push(
        finding({
          code: 'NETWORK_TOO_OPEN',
          check: NETWORK_CHECK,
          subject: `${other} -> ${server}:${port}`,
          compose: `${other} does not use ${server}`,
          aws: `${other} can reach ${server} on ${port}`,
          explanation: `${other} can reach ${server}, which it does not use: only its clients should`,
        }),
      );
    }
  }
  return findings;
}

/** Why `from` cannot open a connection to `to` on `port`, or undefined when it can. */
function blockedBy(input: NetworkInput, from: string, to: string, port: number): string | undefined {
  const fromGroups = input.members[from] ?? [];
  const toGroups = input.members[to] ?? [];
  if (fromGroups.length === 0) return `${from} runs in no security group`;
  if (toGroups.length === 0) return `${to} runs in no security group`;
  const egress = fromGroups.some((id) =>
    (input.groups[id]?.egress ?? []).some((r) => covers(r, port) && peerIn(r, toGroups)),
  );
  if (!egress) return `no egress from ${fromGroups.join(', ')} to ${to} (${toGroups.join(', ')}) on ${port}`;
  const ingress = toGroups.some((id) =>
    (input.groups[id]?.ingress ?? []).some((r) => covers(r, port) && peerIn(r, fromGroups)),
  );
  if (!ingress) return `no ingress to ${to} (${toGroups.join(', ')}) from ${fromGroups.join(', ')} on ${port}`;
  return undefined;
}

function covers(rule: NetworkRule, port: number): boolean {
  if (rule.protocol === '-1') return true;
  if (rule.protocol !== 'tcp' && rule.protocol !== '6') return false;
  return (rule.fromPort ?? 0) <= port && port <= (rule.toPort ?? 65535);
}

/** A CIDR peer is taken to cover the VPC (the gate knows groups, not addresses); a group peer must be one of `groups`. */
function peerIn(rule: NetworkRule, groups: readonly string[]): boolean {
  return rule.cidr !== undefined || (rule.groupId !== undefined && groups.includes(rule.groupId));
}

function describePorts(rule: NetworkRule): string {
  if (rule.protocol === '-1') return 'every protocol and port';
  return rule.fromPort === rule.toPort
    ? `${rule.protocol} ${rule.fromPort}`
    : `${rule.protocol} ${rule.fromPort ?? 0}-${rule.toPort ?? 65535}`;
}

function describeRule(rule: NetworkRule): string {
  return `${describePorts(rule)} from ${rule.cidr ?? rule.groupId ?? '?'}`;
}
