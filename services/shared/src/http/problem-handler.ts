import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { drainRequestBody } from './drain-request-body.ts';
import { ProblemError } from './problem-error.ts';

/** The body of every error answer (RFC 9457) plus the stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  [extension: string]: unknown;
}

// Fastify's own errors, mapped to stable API codes so clients never see FST_* names.
const frameworkCodes: Record<string, { status: number; code: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'BODY_TOO_LARGE', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', title: 'Unsupported media type' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'INVALID_JSON', title: 'Malformed JSON body' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'INVALID_JSON', title: 'Empty JSON body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'INVALID_CONTENT_LENGTH', title: 'Bad Content-Length' },
  FST_ERR_RATE_LIMITED: { status: 429, code: 'RATE_LIMITED', title: 'Too many requests' },
  // Raised by the router before any route runs; they reach the client through `frameworkErrors`.
  FST_ERR_BAD_URL: { status: 400, code: 'INVALID_URL', title: 'Malformed URL' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'URI_TOO_LONG', title: 'Request URI too long' },
};

/** Sends a problem document with the right media type. */
export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

function toProblem(error: FastifyError | ProblemError, request: FastifyRequest): Problem {
  const base = { instance: request.url.split('?')[0] };
  if (error instanceof ProblemError) {
    return {
      type: `about:blank#${error.code}`,
      title: error.title,
      status: error.statusCode,
      ...(error.detail === undefined ? {} : { detail: error.detail }),
      code: error.code,
      ...base,
      ...error.extensions,
    };
  }
  if (error.validation) {
    return {
      type: 'about:blank#VALIDATION_FAILED',
      title: 'Request validation failed',
      status: 400,
      detail: error.message,
      code: 'VALIDATION_FAILED',
      ...base,
      errors: error.validation.map((v) => ({
        in: error.validationContext ?? 'body',
        path: v.instancePath,
        message: v.message,
        ...(v.keyword === 'additionalProperties' ? { property: v.params.additionalProperty } : {}),
      })),
    };
  }
  const mapped = error.code === undefined ? undefined : frameworkCodes[error.code];
  if (mapped !== undefined) {
    return {
      type: `about:blank#${mapped.code}`,
      title: mapped.title,
      status: mapped.status,
      code: mapped.code,
      ...base,
    };
  }
  if (error instanceof SyntaxError) {
    return {
      type: 'about:blank#INVALID_JSON',
      title: 'Malformed JSON body',
      status: 400,
      code: 'INVALID_JSON',
      ...base,
    };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { type: 'about:blank#BAD_REQUEST', title: 'Bad request', status, code: 'BAD_REQUEST', ...base };
  }
  // 5xx details may hold SQL, hosts or stack frames: they go to the log, never to the client.
  return {
    type: 'about:blank#INTERNAL_ERROR',
    title: 'Internal server error',
    status: 500,
    code: 'INTERNAL_ERROR',
    ...base,
  };
}

/**
 * Fastify's `frameworkErrors` option: the router's own refusals (a URL that does not decode, a path
 * parameter over `maxParamLength`) as problems too, instead of Fastify's plain JSON.
 */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(error, request);
  request.log.info({ code: problem.code, status: problem.status }, 'request rejected');
  void sendProblem(reply, problem);
}

/** Problems for what Node's HTTP parser refuses before Fastify sees a request. */
const clientErrorProblems: Record<string, { status: number; code: string; title: string }> = {
  HPE_HEADER_OVERFLOW: { status: 431, code: 'HEADERS_TOO_LARGE', title: 'Request headers too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, code: 'REQUEST_TIMEOUT', title: 'Request timeout' },
};

/**
 * Fastify's `clientErrorHandler` option: a request Node's parser refuses (headers over its limit,
 * bytes that are not HTTP) gets a problem document with a stable code, written on the raw socket
 * as Fastify's default handler does, instead of Fastify's plain JSON.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, code, title } = clientErrorProblems[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST',
    title: 'Bad request',
  };
  const body = JSON.stringify({ type: `about:blank#${code}`, title, status, code });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

/** How much of a refused body is read before the answer: the gateways refuse more than 1 MiB. */
const DRAIN_LIMITS = { maxBytes: 8 * 1024 * 1024, timeoutMs: 10_000 };

/**
 * Turns every error and unknown route into `application/problem+json` with a stable `code`,
 * logging server errors with the request's context.
 */
export const problemHandler = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler(async (error: FastifyError | ProblemError, request, reply) => {
      const problem = toProblem(error, request);
      // A body refused for its size is still on its way; read it (bounded) so the 413 arrives.
      if (problem.code === 'BODY_TOO_LARGE') await drainRequestBody(request.raw, DRAIN_LIMITS);
      if (problem.status >= 500) {
        request.log.error({ err: error, method: request.method, url: request.url }, 'request failed');
      } else {
        request.log.info({ code: problem.code, status: problem.status }, 'request rejected');
      }
      return sendProblem(reply, problem);
    });
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, {
        type: 'about:blank#NOT_FOUND',
        title: 'Not found',
        status: 404,
        detail: `No route ${request.method} ${request.url.split('?')[0]}`,
        code: 'NOT_FOUND',
      }),
    );
  },
  { name: 'problem-handler' },
);
