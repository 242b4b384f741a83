import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  createDeployStep,
  defaultUpSteps,
  DEMO_USER_OVERRIDE,
  REPO_ROOT,
  type ProfileName,
  type StartedStack,
} from '../harness/index.ts';
import { launchedProfile, startScenarioStack } from './support/start-scenario-stack.ts';
import { signingSettingsOf, signToken, TOKEN_CASES, type SigningSettings } from './support/token-cases.ts';
import { Viewer } from './support/viewer.ts';

// Who may get in, on both profiles, through each gateway: the token rate limit per client across
// two auth tasks (aws), and a 401 with its own code for every way a token can be wrong.

/** Low enough to reach quickly; set through each profile's own configuration, as a team would. */
const LIMIT = 5;
const profiles: readonly ProfileName[] = ['compose', 'aws'];
/** Each profile's viewers use their own loopback range, so no counter is shared by accident. */
const VIEWER_BASE: Record<ProfileName, string> = { compose: '127.0.10.', aws: '127.0.20.' };
const MATRIX_REPORT = join(REPO_ROOT, 'reports', 'reliability', 'auth-matrix.json');
const DAY = '2026-11-29';

let stack: StartedStack;
const matrix: { profile: ProfileName; case: string; status: number; code: string }[] = [];

beforeAll(async () => {
  stack = await startScenarioStack('both', {
    // compose interpolates ${AUTH_RATE_LIMIT_PER_MINUTE:-30}; the CDK app reads context authRateLimitPerMinute.
    env: { ...process.env, AUTH_RATE_LIMIT_PER_MINUTE: String(LIMIT) },
    steps: defaultUpSteps(
      createDeployStep({
        contextOverrides: {
          ...DEMO_USER_OVERRIDE,
          authRateLimitPerMinute: { value: LIMIT, reason: 'a limit the auth scenario reaches in a few requests' },
        },
      }),
    ),
    // ECS runs at least two auth tasks: the limit must hold across them.
    maxTasks: { auth: 2 },
  });
});

afterAll(async () => {
  await stack?.stop();
});

function viewer(profile: ProfileName, host: number): Viewer {
  return new Viewer(launchedProfile(stack, profile).gatewayUrl, `${VIEWER_BASE[profile]}${host}`);
}

async function badLogin(client: Viewer, headers: Record<string, string> = {}) {
  const response = await client.request('POST', '/api/auth/token', {
    body: { username: 'demo', password: 'not-the-password' },
    headers,
  });
  return { status: response.status, type: response.headers.get('content-type'), response };
}

/** How many token requests one auth process logged (its request log lines). */
function tokenRequestsLogged(logFile: string): number {
  return readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"request completed"') && line.includes('"/api/auth/token"')).length;
}

describe.each(profiles)('%s profile: the token rate limit through the gateway', (profile) => {
  test('one client gets exactly the configured limit in total, then 429 RATE_LIMITED with Retry-After', async () => {
    const tasks = launchedProfile(stack, profile).tasks.auth;
    expect(tasks).toHaveLength(profile === 'aws' ? 2 : 1);
    const before = tasks.map((task) => tokenRequestsLogged(task.getLogFile()));
    await using client = viewer(profile, 1);
    const answers = [];
    for (let i = 0; i < LIMIT * 2; i += 1) answers.push(await badLogin(client));
    expect(answers.map((a) => a.status)).toEqual([...Array(LIMIT).fill(401), ...Array(LIMIT).fill(429)]);
    const limited = answers.at(-1)!;
    expect(limited.type).toMatch(/^application\/problem\+json/);
    expect(await limited.response.json()).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.response.headers.get('retry-after'))).toBeGreaterThan(0);
    // Every auth process answered some of them: the limit held across tasks, not per task.
    await expect
      .poll(() => tasks.map((task, i) => tokenRequestsLogged(task.getLogFile()) - before[i]!), { timeout: 10_000 })
      .toSatisfy((served: number[]) => served.every((n) => n > 0) && served.reduce((a, b) => a + b) === LIMIT * 2);
  });

  test('another client (another viewer address) has a limit of its own', async () => {
    await using other = viewer(profile, 2);
    expect((await badLogin(other)).status).toBe(401);
  });

  test('a client cannot escape its limit by writing its own X-Forwarded-For', async () => {
    await using client = viewer(profile, 1);
    for (const forwarded of ['203.0.113.9', '198.51.100.4, 203.0.113.10']) {
      const { status, response } = await badLogin(client, { 'x-forwarded-for': forwarded });
      expect(status).toBe(429);
      expect(await response.json()).toMatchObject({ code: 'RATE_LIMITED' });
    }
  });
});

/** The two protected endpoints of the matrix, each called with the same `Authorization` header. */
async function protectedCalls(client: Viewer, bearer: string | undefined) {
  const headers: Record<string, string> = bearer === undefined ? {} : { authorization: `Bearer ${bearer}` };
  const read = await client.request('GET', `/api/consolidated/balances/${DAY}`, { headers });
  const write = await client.request('POST', '/api/cashflow/entries', {
    body: { type: 'credit', amount: '1.00', date: DAY, description: 'auth matrix' },
    headers: { ...headers, 'idempotency-key': randomUUID() },
  });
  const answer = async (response: Awaited<typeof read>) => ({
    status: response.status,
    type: response.headers.get('content-type'),
    code: ((await response.json()) as { code?: string }).code,
  });
  return { read: await answer(read), write: await answer(write) };
}

describe.each(profiles)('%s profile: a 401 with its own code for every bad token', (profile) => {
  let settings: SigningSettings;
  beforeAll(() => {
    // The profile's real key, from the environment the harness started auth with (compose: its
    // interpolated environment; aws: the task's secrets pulled from the emulator's Secrets Manager).
    settings = signingSettingsOf(launchedProfile(stack, profile).services.auth.getEnvironment());
  });

  test('a token signed like auth signs is accepted (the cases below differ from it in one thing)', async () => {
    await using client = viewer(profile, 10);
    const { read, write } = await protectedCalls(client, await signToken(settings));
    expect([read.status, write.status]).toEqual([200, 201]);
  });

  test.each(TOKEN_CASES)('$name: 401 $code on the balance read and the entry write', async ({ name, code, bearer }) => {
    await using client = viewer(profile, 11);
    const { read, write } = await protectedCalls(client, await bearer(settings));
    for (const answer of [read, write]) {
      expect(answer).toEqual({ status: 401, type: expect.stringMatching(/^application\/problem\+json/), code });
    }
    matrix.push({ profile, case: name, status: read.status, code: read.code! });
  });

  test("a deleted user's token: 401 TOKEN_REVOKED once the deletion is recorded", async () => {
    await using client = viewer(profile, 12);
    const { demoUser } = launchedProfile(stack, profile);
    const login = await client.request('POST', '/api/auth/token', { body: demoUser });
    expect(login.status).toBe(200);
    const token = ((await login.json()) as { access_token: string }).access_token;
    expect((await protectedCalls(client, token)).read.status).toBe(200);
    const deleted = await client.request('DELETE', '/api/auth/users/me', {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.status).toBe(204);
    // The API services learn it from Redis pub/sub, a moment after auth answered.
    await expect
      .poll(async () => (await protectedCalls(client, token)).read.code, { timeout: 15_000 })
      .toBe('TOKEN_REVOKED');
    const { read, write } = await protectedCalls(client, token);
    for (const answer of [read, write]) {
      expect(answer).toEqual({
        status: 401,
        type: expect.stringMatching(/^application\/problem\+json/),
        code: 'TOKEN_REVOKED',
      });
    }
    matrix.push({ profile, case: 'token for a deleted user', status: read.status, code: read.code! });
  });
});

test('the matrix has every case of both profiles, and is written for the reliability report', () => {
  expect(matrix).toHaveLength(profiles.length * (TOKEN_CASES.length + 1));
  const codes = (profile: ProfileName) => matrix.filter((row) => row.profile === profile).map((row) => row.code);
  expect(codes('aws')).toEqual(codes('compose'));
  expect(new Set(codes('compose')).size).toBe(TOKEN_CASES.length + 1);
  mkdirSync(join(MATRIX_REPORT, '..'), { recursive: true });
  writeFileSync(MATRIX_REPORT, `${JSON.stringify(matrix, null, 2)}\n`);
});
