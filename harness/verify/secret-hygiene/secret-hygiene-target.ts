import { readFileSync } from 'node:fs';
import type { StackDocument } from '../../stack/stack-document.ts';
import { gatewayTargets } from '../gateway-targets.ts';
import type { SecretHygieneTarget } from './secret-hygiene-check.ts';
import type { NamedSecret } from './secret-forms.ts';

/** The part of the deploy record the scan reads. */
interface DeployRecordPart {
  readonly stackName: string;
  readonly emulator?: { readonly accountId?: string };
  readonly taskDefinitions?: readonly { readonly arn: string }[];
}

/** Gathers what the secret-hygiene check scans from the stack document and the deploy record it names. */
export function secretHygieneTarget(options: {
  readonly document: StackDocument;
  readonly secrets: readonly NamedSecret[];
  readonly stackFile: string;
  readonly reportDir: string;
}): SecretHygieneTarget {
  const { document } = options;
  const aws = document.profiles.aws;
  const deployRecordFile = aws?.deploy?.deployFile;
  if (aws?.emulator === undefined || deployRecordFile === undefined) {
    throw new Error('the stack document has no deployed aws profile (profiles.aws.emulator and .deploy)');
  }
  const record = JSON.parse(readFileSync(deployRecordFile, 'utf8')) as DeployRecordPart;
  return {
    secrets: options.secrets,
    runDir: document.runDir,
    reportDir: options.reportDir,
    stackFile: options.stackFile,
    deployRecordFile,
    emulator: {
      endpoint: aws.emulator.endpoint,
      region: aws.emulator.region,
      accountId: record.emulator?.accountId ?? '123456789012',
    },
    stackName: record.stackName,
    taskDefinitionArns: (record.taskDefinitions ?? []).map((definition) => definition.arn),
    gateways: gatewayTargets(document),
  };
}
