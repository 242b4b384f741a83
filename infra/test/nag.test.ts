import { beforeAll, describe, expect, it } from 'vitest';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Validations, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';
import { buildApp } from '../lib/build-app.ts';
import { TEST_PROPS } from './fixtures.ts';

function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) =>
    v.violatingResources.map(
      (r) => `${v.severity ?? 'error'} ${v.ruleName} at ${String(r.constructPath ?? r.resourceLogicalId)}`,
    ),
  );
}

/** Every acknowledgement recorded in the tree, with its reason. */
function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      // each entry is recorded as { [ruleId]: reason }
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .map(([id, reason]) => ({ path: c.node.path, id, reason })),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding on the default stack', () => {
    // GIVEN
    const { stack } = buildApp(TEST_PROPS);
    // WHEN
    const report = new AwsSolutionsChecks().validateScope(stack);
    // THEN
    expect(findings(report)).toEqual([]);
  });

  it('reports no unacknowledged finding with logs off, a single broker and a Git source', () => {
    // GIVEN
    const { stack } = buildApp({
      ...TEST_PROPS,
      accessLogs: false,
      deletionProtection: false,
      brokerDeploymentMode: 'SINGLE_INSTANCE',
      brokerInstanceType: 'mq.t3.micro',
      sourceConnectionArn: 'arn:aws:codestar-connections:eu-west-1:123456789012:connection/abcd-1234',
      sourceRepository: 'acme/cashflow',
    });
    // WHEN
    const report = new AwsSolutionsChecks().validateScope(stack);
    // THEN
    expect(findings(report)).toEqual([]);
  });

  describe('acknowledgements', () => {
    let acks: { path: string; id: string; reason: string }[];
    beforeAll(() => {
      acks = acknowledgements(buildApp(TEST_PROPS).stack);
    });

    it('give every acknowledged rule a written reason', () => {
      // THEN
      expect(acks.length).toBeGreaterThan(0);
      expect(acks.filter((a) => a.reason.trim().length < 20)).toEqual([]);
    });

    it('never acknowledge a rule for the whole stack', () => {
      // THEN
      expect(acks.filter((a) => !a.path.includes('/'))).toEqual([]);
    });
  });

  it('fails on a finding nobody acknowledged', () => {
    // GIVEN: the default stack plus an open bucket
    const { stack } = buildApp(TEST_PROPS);
    new Bucket(stack, 'Unacknowledged');
    // WHEN
    const report = new AwsSolutionsChecks().validateScope(stack);
    // THEN
    expect(findings(report)).toEqual(
      expect.arrayContaining([expect.stringContaining('AwsSolutions-S1 at Cashflow/Unacknowledged')]),
    );
  });
});
