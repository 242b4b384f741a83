import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { createEmulatorClients, destroyEmulatorClients } from '../../aws/emulator-clients.ts';
import { harnessLogLines } from '../../core/logger.ts';
import type { ParityCheck } from '../check.ts';
import { finding, type Finding } from '../finding.ts';
import type { GatewayTarget } from '../gateway-targets.ts';
import { isLogFile, isReportFile, publicStackDocument, readArtifacts, type RunArtifact } from './run-artifacts.ts';
import { findSecrets, type NamedSecret } from './secret-forms.ts';

/** What the secret-hygiene check scans, gathered by the gate from the stack and its facts. */
export interface SecretHygieneTarget {
  /** Every generated secret of the run, named (never printed). */
  readonly secrets: readonly NamedSecret[];
  /** The run dir: every service, router and server log. */
  readonly runDir: string;
  /** Where the gate's checks write their reports (load summaries, browser pages). */
  readonly reportDir: string;
  readonly stackFile: string;
  readonly deployRecordFile: string;
  readonly emulator: { readonly endpoint: string; readonly region: string; readonly accountId: string };
  readonly stackName: string;
  /** The deployed task definitions, as the deploy recorded them. */
  readonly taskDefinitionArns: readonly string[];
  readonly gateways: Readonly<Record<'compose' | 'aws', GatewayTarget>>;
}

export interface SecretHygieneContext {
  readonly secretHygiene: SecretHygieneTarget;
}

/** Requests that fail on purpose: their answers, and the log lines they cause, are scanned. */
const FAILING_REQUESTS: readonly {
  method: string;
  path: string;
  body?: (g: GatewayTarget) => string;
  token?: string;
}[] = [
  {
    method: 'POST',
    path: '/api/auth/token',
    body: (g) => JSON.stringify({ username: g.username, password: 'wrong-password' }),
  },
  { method: 'POST', path: '/api/auth/token', body: () => JSON.stringify({ username: 'nobody-here', password: 'x' }) },
  { method: 'POST', path: '/api/auth/token', body: () => '{"username":' },
  { method: 'GET', path: '/api/cashflow/entries?date=2026-02-30' },
  { method: 'GET', path: '/api/consolidated/balances/2026-01-01', token: 'not.a.jwt' },
  { method: 'POST', path: '/api/cashflow/entries', body: () => '{"type":"gift"}', token: 'not.a.jwt' },
];

/** Sends the failing requests through one gateway; each answer (status, headers, body) is an artifact. */
async function errorResponses(profile: string, gateway: GatewayTarget): Promise<RunArtifact[]> {
  const artifacts: RunArtifact[] = [];
  for (const request of FAILING_REQUESTS) {
    const response = await fetch(new URL(request.path, gateway.baseUrl), {
      method: request.method,
      headers: {
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(request.token === undefined ? {} : { authorization: `Bearer ${request.token}` }),
      },
      ...(request.body === undefined ? {} : { body: request.body(gateway) }),
      signal: AbortSignal.timeout(10_000),
    });
    const headers = [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n');
    artifacts.push({
      name: `error response (${profile}) ${request.method} ${request.path}`,
      text: `${response.status}\n${headers}\n${await response.text()}`,
    });
  }
  return artifacts;
}

/** The deployed template and each task definition's container `environment`, read back from the emulator. */
async function emulatorArtifacts(target: SecretHygieneTarget): Promise<RunArtifact[]> {
  const clients = createEmulatorClients(target.emulator);
  try {
    const { TemplateBody } = await clients.cloudFormation.send(new GetTemplateCommand({ StackName: target.stackName }));
    const artifacts: RunArtifact[] = [{ name: `deployed template of ${target.stackName}`, text: TemplateBody ?? '' }];
    for (const arn of target.taskDefinitionArns) {
      const { taskDefinition } = await clients.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
      const environment = (taskDefinition?.containerDefinitions ?? []).map((c) => ({ [c.name ?? '?']: c.environment }));
      artifacts.push({ name: `environment of task definition ${arn}`, text: JSON.stringify(environment, null, 1) });
    }
    return artifacts;
  } finally {
    destroyEmulatorClients(clients);
  }
}

/**
 * Scans what a run produced for every secret it generated: the failing requests' answers, then every
 * service, router and server log, the harness's own log, the reports written so far, the deploy record, the deployed
 * template, each task definition's `environment` and the public part of the stack document. It runs
 * last, so the logs hold the whole gate's traffic. A hit names the place and the secret's name and
 * fingerprint, never the secret.
 */
async function scanRunForSecrets(target: SecretHygieneTarget): Promise<Finding[]> {
  const artifacts: RunArtifact[] = [
    ...(await errorResponses('compose', target.gateways.compose)),
    ...(await errorResponses('aws', target.gateways.aws)),
    ...readArtifacts(target.runDir, 'run', isLogFile),
    { name: 'harness log', text: harnessLogLines().join('') },
    ...readArtifacts(target.reportDir, 'reports', isReportFile),
    { name: basename(target.deployRecordFile), text: readFileSync(target.deployRecordFile, 'utf8') },
    {
      name: `${basename(target.stackFile)} (public part)`,
      text: publicStackDocument(JSON.parse(readFileSync(target.stackFile, 'utf8'))),
    },
    ...(await emulatorArtifacts(target)),
  ];
  return artifacts.flatMap((artifact) =>
    findSecrets(artifact.name, artifact.text, target.secrets).map((hit) =>
      finding({
        code: 'SECRET_LEAKED',
        subject: hit.where,
        compose: null,
        aws: null,
        explanation: `${hit.secret} (${hit.fingerprint}) is written ${hit.encoding === 'raw' ? 'in clear' : hit.encoding} in ${hit.where}`,
      }),
    ),
  );
}

/** The secret-hygiene family of the gate: one check, run after every other. */
export function secretHygieneChecks(): ParityCheck<SecretHygieneContext>[] {
  return [
    {
      id: 'secret-hygiene',
      family: 'smoke',
      title:
        'No generated secret in logs, error answers, reports, the template, task environments or the stack document',
      run: (context) => scanRunForSecrets(context.secretHygiene),
    },
  ];
}
