import { describe, expect, it } from 'vitest';
import { ApiProblem } from './api-problem.ts';

describe('ApiProblem.fromResponse', () => {
  it('reads code and detail from problem+json', async () => {
    const response = new Response(JSON.stringify({ title: 'Bad', status: 400, code: 'INVALID_AMOUNT', detail: 'no' }), {
      status: 400,
      headers: { 'content-type': 'application/problem+json' },
    });
    const problem = await ApiProblem.fromResponse(response);
    expect([problem.status, problem.code, problem.detail, problem.retryable]).toEqual([
      400,
      'INVALID_AMOUNT',
      'no',
      false,
    ]);
    expect(problem.message).toBe('no (INVALID_AMOUNT)');
  });

  it('falls back to the status for bodies that are not problems', async () => {
    const problem = await ApiProblem.fromResponse(
      new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    expect([problem.code, problem.detail, problem.retryable]).toEqual(['HTTP_502', 'Bad Gateway', true]);
  });

  it('survives malformed JSON', async () => {
    const response = new Response('{oops', { status: 500, headers: { 'content-type': 'application/json' } });
    expect((await ApiProblem.fromResponse(response)).code).toBe('HTTP_500');
  });

  it.each([
    [0, true],
    [409, true],
    [429, true],
    [503, true],
    [401, false],
    [422, false],
  ])('status %i retryable: %s', (status, retryable) => {
    expect(new ApiProblem(status, 'X', 'x').retryable).toBe(retryable);
  });
});
