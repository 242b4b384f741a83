import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import type { LoadScenario } from '../scenarios.ts';
import { k6Summary } from './k6-summary.ts';
import { runOpenModel } from './open-model-runner.ts';

/*
 * The runner checked against servers of known behaviour. Stated tolerances (loopback, on a busy
 * 2-core machine shared with other suites):
 * - latency percentiles: never below the injected latency, at most 25 ms above it (30 ms for the
 *   slow mode of a mixed server);
 * - error rate: the injected one to within one request;
 * - arrivals: the schedule to within one (the last tick's rounding); dropped arrivals: the count a
 *   slot model predicts to within one turn of every slot.
 */

/**
 * A server whose answers take `latencyMs` (every `slowEvery`-th takes `slowMs` instead) and whose
 * every `failEvery`-th answer is a 503.
 */
async function serverWith(
  latencyMs: number,
  failEvery: number,
  slow: { every: number; ms: number } = { every: Number.POSITIVE_INFINITY, ms: 0 },
): Promise<{ url: string; server: Server }> {
  let n = 0;
  const server = createServer((_request, response) => {
    const fail = ++n % failEvery === 0;
    const delay = n % slow.every === 0 ? slow.ms : latencyMs;
    setTimeout(() => {
      response.writeHead(fail ? 503 : 200, { 'content-type': 'application/json' });
      response.end('{}');
    }, delay);
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
    // THEN 5 slots x 3 turns of 1 s = 15 are sent and the other 45 dropped, to within one turn of the 5 slots
    expect(run.scheduled).toBeGreaterThanOrEqual(59);
    expect(run.sent).toBeGreaterThanOrEqual(10);
    expect(run.sent).toBeLessThanOrEqual(20);
    expect(run.dropped).toBe(run.scheduled - run.sent);
    expect(Math.abs(run.dropped - 45)).toBeLessThanOrEqual(5);
    // and the report counts them as k6 does
    expect(k6Summary(run, 'test').metrics.dropped_iterations!.values.count).toBe(run.dropped);
    // and the latency is the injected 1 s, not hidden by the arrivals that were never sent
    expect(run.latency.percentileMs(50)).toBeGreaterThanOrEqual(999);
  });

  test('measures each percentile of a known latency mix', async () => {
    // GIVEN answers of 20 ms, one in ten of 200 ms, and one 503 in twenty
    const known = await serverWith(20, 20, { every: 10, ms: 200 });
    server = known.server;
    // WHEN 100 arrivals per second for 4 s
    const run = await runOpenModel(scenario({}), { baseUrl: known.url });
    const values = k6Summary(run, 'test').metrics.http_req_duration!.values;
    // THEN the median and p(80) are the fast mode, p(95), p(99) and max the slow one
    // (p(90) is the boundary of the two modes, where either answer is right)
    for (const value of [values.med, run.latency.percentileMs(80)]) {
      expect(value).toBeGreaterThanOrEqual(19.5);
      expect(value).toBeLessThan(45);
    }
    for (const p of ['p(95)', 'p(99)', 'max'] as const) {
      expect(values[p]).toBeGreaterThanOrEqual(199.5);
      expect(values[p]).toBeLessThan(230);
    }
    // and the error rate is the injected 5% to within one request
    expect(Math.abs(run.failed - Math.floor(run.sent / 20))).toBeLessThanOrEqual(1);
    expect(run.dropped).toBe(0);
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
