import { beforeAll, describe, expect, it } from 'vitest';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { buildApp } from '../lib/build-app.ts';
import { TEST_PROPS } from './fixtures.ts';

function findings(report: PolicyValidationPluginReport): string[] {
  return report.violations.flatMap((v) =>
    v.violatingResources.map(
      (r) => `${v.ruleName} ${v.severity ?? ''} ${r.locations.join(',')} ${r.resourceLogicalId}`,
    ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  let report: PolicyValidationPluginReport;
  beforeAll(() => {
    const { stack } = buildApp(TEST_PROPS);
    report = new AwsSolutionsChecks().validateScope(stack);
  });

  it('reports no unacknowledged finding', () => {
    expect(findings(report)).toEqual([]);
  });
});
