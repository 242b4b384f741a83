import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import type { LoadScenario } from '../scenarios.ts';
import { k6Summary } from './k6-summary.ts';
import { runOpenModel } from './open-model-runner.ts';

/** A server whose every answer takes `latencyMs` and whose every `failEvery`-th answer is a 503. */
async function serverWith(latencyMs: number, failEvery: number): Promise<{ url: string; server: Server }> {
  let n = 0;
  const server = createServer((_request, response) => {
    const fail = ++n % failEvery === 0;
    setTimeout(() => {
      response.writeHead(fail ? 503 : 200, { 'content-type': 'application/json' });
      response.end('{}');
    }, latencyMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

const scenario = (overrides: Partial<LoadScenario>): LoadScenario => ({
  name: 'known-server',
  description: 'test',
  executor: 'constant-arrival-rate',
  rate: 100,
  durationSeconds: 4,
  maxVUs: 100,
  preAllocatedVUs: 10,
  requests: [{ name: 'get', weight: 1, method: 'GET', pathTemplate: '/x/{date}' }],
  dates: { firstDate: '2026-01-01', days: 3, reportDays: 1 },
  thresholds: { http_req_failed: ['rate<0.05'], http_req_duration: ['p(99)<1000'] },
  ...overrides,
});

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

describe('the open-model runner against a server of known latency and error rate', () => {
  test('sends the scheduled arrivals and measures the injected latency and error rate', async () => {
    // GIVEN 50 ms per answer and one 503 in ten
    const known = await serverWith(50, 10);
    server = known.server;
    // WHEN 100 arrivals per second for 4 s
    const run = await runOpenModel(scenario({}), { baseUrl: known.url });
    const summary = k6Summary(run, 'test');
    // THEN every arrival is sent (tolerance: the last tick may round one away), none is dropped
    expect(run.scheduled).toBeGreaterThanOrEqual(399);
    expect(run.scheduled).toBeLessThanOrEqual(400);
    expect(run.dropped).toBe(0);
    // the error rate is the injected 10% to within one request
    expect(summary.metrics.http_req_failed!.values.rate).toBeCloseTo(0.1, 1);
    expect(Math.abs(run.failed - Math.floor(run.sent / 10))).toBeLessThanOrEqual(1);
    // the median is the injected 50 ms, never below it, and at most 25 ms above (loopback, busy machine)
    expect(run.latency.percentileMs(50)).toBeGreaterThanOrEqual(49.5);
    expect(run.latency.percentileMs(50)).toBeLessThan(75);
    // and a 10% error rate fails the 5% threshold
    expect(summary.metrics.http_req_failed!.thresholds!['rate<0.05']).toEqual({ ok: false });
    expect(summary.ok).toBe(false);
  });

  test('drops the arrivals that find every slot busy, as k6 does with maxVUs', async () => {
    // GIVEN answers of 1 s and only 5 requests allowed in flight
    const known = await serverWith(1_000, 1_000_000);
    server = known.server;
    // WHEN 20 arrivals per second for 3 s (60 arrivals; 5 slots, each free again after 1 s)
    const run = await runOpenModel(scenario({ rate: 20, durationSeconds: 3, maxVUs: 5 }), { baseUrl: known.url });
    // THEN about 3 s x 5 slots = 15 are sent (each slot serves one per second) and the rest are dropped
    expect(run.scheduled).toBeGreaterThanOrEqual(59);
    expect(run.sent).toBeGreaterThanOrEqual(10);
    expect(run.sent).toBeLessThanOrEqual(20);
    expect(run.dropped).toBe(run.scheduled - run.sent);
    // and the latency is the injected 1 s, not hidden by the arrivals that were never sent
    expect(run.latency.percentileMs(50)).toBeGreaterThanOrEqual(999);
  });

  test('keeps the arrival rate when answers are late (no coordinated omission)', async () => {
    // GIVEN answers of 300 ms and room for all of them in flight
    const known = await serverWith(300, 1_000_000);
    server = known.server;
    // WHEN 50 arrivals per second for 3 s
    const run = await runOpenModel(scenario({ rate: 50, durationSeconds: 3 }), { baseUrl: known.url });
    // THEN all 150 are sent on schedule: a closed loop of the same size would have sent far fewer
    expect(run.sent).toBeGreaterThanOrEqual(149);
    expect(run.dropped).toBe(0);
  });
});
