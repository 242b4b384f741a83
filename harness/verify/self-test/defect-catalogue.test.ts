import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from '../../core/run-dir.ts';
import { synthesizeForEmulator } from '../../deploy/deploy-stack.ts';
import type { CfnTemplate } from '../../deploy/template-types.ts';
import { DEMO_USER_OVERRIDE } from '../../up/deploy-step.ts';
import { gateChecks } from '../../cli/gate-checks.ts';
import { FINDING_CODES } from '../finding.ts';
import { DEFECT_CATALOGUE } from './defect-catalogue.ts';

/**
 * The gate's check ids and each one's codes, as all parts of the gate name them. A defect may name a
 * check that is not registered yet (it waits for it); it may not name one outside this list.
 */
const GATE_CHECK_CODES: Readonly<Record<string, readonly string[]>> = {
  'effective-configuration': ['CONFIG_DRIFT', 'KEY_MISSING', 'SECRET_IN_ENVIRONMENT', 'SECRET_UNRESOLVED'],
  'service-shape': ['SHAPE_DRIFT'],
  'server-versions': ['VERSION_SKEW'],
  routes: ['ROUTE_MISSING', 'ROUTE_DRIFT'],
  network: ['NETWORK_UNREACHABLE', 'NETWORK_TOO_OPEN'],
  'deploy-fidelity': ['RESOURCE_MISSING', 'RESOURCE_UNVERIFIED'],
  'per-task-limits': ['PER_TASK_LIMIT'],
  'differential-traffic': ['RESPONSE_DRIFT', 'LEDGER_MISMATCH', 'CONSOLIDATION_STALLED', 'SERVER_ERROR'],
  tls: ['TLS_NOT_ENFORCED'],
  'broker-topology': ['TOPOLOGY_DRIFT'],
  'masstransit-envelopes': ['ENVELOPE_NOT_CONSUMED', 'ENVELOPE_CONSUMED_TWICE', 'POISON_NOT_FAULTED'],
  'secret-rotation': ['SECRET_ROTATION_IGNORED', 'SECRET_DELETION_NOT_FATAL'],
  'load-smoke': ['LOAD_THRESHOLD_FAILED'],
  browser: ['BROWSER_FLOW_FAILED'],
};

/** The harness errors with which bringing the stack up fails (a service or a task that does not start). */
const START_FAILURE_CODES = ['LAUNCH_SERVICE_START_FAILED', 'ECS_RESOURCE_INITIALIZATION', 'DEPLOY_FAILED'];

const registered = new Set(gateChecks().map((check) => check.id));

describe('the catalogue of migration defects', () => {
  test('has at least 12 kinds, each with a unique kebab-case id', () => {
    const ids = DEFECT_CATALOGUE.map((defect) => defect.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test("names only the gate's checks, each with one of that check's codes (or a start failure)", () => {
    for (const defect of DEFECT_CATALOGUE) {
      expect(GATE_CHECK_CODES[defect.check], `${defect.id}: check ${defect.check}`).toBeDefined();
      if (defect.startFailure) expect(START_FAILURE_CODES, defect.id).toContain(defect.expected);
      else expect(GATE_CHECK_CODES[defect.check], `${defect.id}: check ${defect.check}`).toContain(defect.expected);
    }
  });

  test('every code of a defect whose check is registered is a finding code, unless it is a start failure', () => {
    for (const defect of DEFECT_CATALOGUE.filter((candidate) => registered.has(candidate.check))) {
      if (defect.startFailure) continue;
      expect(Object.keys(FINDING_CODES), defect.id).toContain(defect.expected);
    }
  });

  test('a start failure is expected only of a check that needs running services', () => {
    const families = new Map(gateChecks().map((check) => [check.id, check.family]));
    for (const defect of DEFECT_CATALOGUE.filter((candidate) => candidate.startFailure)) {
      expect(families.get(defect.check), defect.id).not.toBe('static');
    }
  });

  test('at least 12 of them run against the checks registered today', () => {
    expect(DEFECT_CATALOGUE.filter((defect) => registered.has(defect.check)).length).toBeGreaterThanOrEqual(12);
  });

  describe('seeded into the real template and docker-compose.yml', () => {
    const composeText = readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
    let template: CfnTemplate;

    beforeAll(() => {
      template = synthesizeForEmulator(
        {
          certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/self-test',
          availabilityZones: ['us-east-1a', 'us-east-1b'],
          accountId: '123456789012',
          region: 'us-east-1',
          stackName: 'Cashflow',
        },
        { contextOverrides: DEMO_USER_OVERRIDE },
      ).template;
    }, 60_000);

    // A defect that finds nothing to edit would be "missed" for the wrong reason; each must change its target.
    test.each(DEFECT_CATALOGUE.map((defect) => [defect.id, defect] as const))('%s changes its copy', (_, defect) => {
      const copy = { template: structuredClone(template), compose: parseDocument(composeText, { merge: true }) };
      defect.apply(copy);
      if (defect.target === 'template') expect(JSON.stringify(copy.template)).not.toBe(JSON.stringify(template));
      else expect(String(copy.compose)).not.toBe(String(parseDocument(composeText, { merge: true })));
      expect(readFileSync(join(REPO_ROOT, 'docker-compose.yml'), 'utf8')).toBe(composeText);
    });
  });
});
