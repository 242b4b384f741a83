import { hostname, release } from 'node:os';

/** The `host` block of an envelope and the `MT-Host-*` fault headers: who sent or failed a message. */
export interface HostInfo {
  machineName: string;
  processName: string;
  processId: number;
  assembly: string;
  assemblyVersion: string;
  frameworkVersion: string;
  massTransitVersion: string;
  operatingSystemVersion: string;
}

/** Describes this process the way MassTransit describes a .NET host. */
export function currentHost(assembly: string): HostInfo {
  return {
    machineName: hostname(),
    processName: 'node',
    processId: process.pid,
    assembly,
    assemblyVersion: '0.1.0',
    frameworkVersion: process.versions.node,
    // No MassTransit runs here; the field says which wire format this host speaks.
    massTransitVersion: '8.x-compatible',
    operatingSystemVersion: `${process.platform} ${release()}`,
  };
}

/** The `MT-Host-*` headers MassTransit adds to faulted and skipped messages, all strings as it writes them. */
export function hostHeaders(host: HostInfo): Record<string, string> {
  return {
    'MT-Host-MachineName': host.machineName,
    'MT-Host-ProcessName': host.processName,
    'MT-Host-ProcessId': String(host.processId),
    'MT-Host-Assembly': host.assembly,
    'MT-Host-AssemblyVersion': host.assemblyVersion,
    'MT-Host-FrameworkVersion': host.frameworkVersion,
    'MT-Host-MassTransitVersion': host.massTransitVersion,
    'MT-Host-OperatingSystemVersion': host.operatingSystemVersion,
  };
}
