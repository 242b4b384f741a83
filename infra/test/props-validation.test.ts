import { describe, expect, it } from 'vitest';
import { buildApp } from '../lib/build-app.ts';
import { TEST_PROPS } from './fixtures.ts';

// Construction alone runs the validation; no synthesis needed.
describe('prop validation', () => {
  it.each([
    [{ account: '1234' }, `buildApp: prop 'account' must be a 12-digit AWS account id, got '1234'`],
    [{ region: 'Europe' }, `buildApp: prop 'region' must be a region like eu-west-1, got 'Europe'`],
    [{ availabilityZones: ['eu-west-1a'] }, `Network: prop 'availabilityZones' must list exactly 2 AZs, got 1`],
    [
      { environmentName: 'Prod_1' },
      `CashflowStack: prop 'environmentName' must be 1-20 lowercase letters, digits or -, got 'Prod_1'`,
    ],
    [{ imageTag: 'has space' }, `ApiService: prop 'imageTag' must be a valid image tag, got 'has space'`],
    [{ serviceCpu: 300 }, `ApiService: prop 'cpu' must be a Fargate CPU size (256, 512, 1024, ...), got 300`],
    [
      { serviceMinCapacity: 5, serviceMaxCapacity: 2 },
      `ApiService: prop 'minCapacity' (5) must not exceed 'maxCapacity' (2)`,
    ],
    [
      { brokerEngineVersion: '3.12' },
      `MessageBroker: prop 'engineVersion' must be 3.13 or newer (major.minor), got '3.12'`,
    ],
    [
      { brokerInstanceType: 'mq.t3.micro' },
      `MessageBroker: prop 'hostInstanceType' mq.t3.micro cannot run a CLUSTER_MULTI_AZ broker`,
    ],
    [{ databaseBackupRetentionDays: 0 }, `Database: prop 'backupRetentionDays' must be an integer from 1 to 35, got 0`],
    [
      { logRetentionDays: 10 },
      `CashflowStack: prop 'logRetentionDays' must be a CloudWatch retention (1, 3, 5, 7, 14, 30, 60, 90, ...), got 10`,
    ],
    [{ apiDomainName: 'not a host' }, `Frontend: prop 'apiDomainName' must be a DNS name, got 'not a host'`],
  ])('rejects %j', (overrides, message) => {
    // GIVEN / WHEN / THEN
    expect(() => buildApp({ ...TEST_PROPS, ...overrides })).toThrow(message);
  });
});
