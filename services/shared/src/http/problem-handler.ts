import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
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
 * Turns every error and unknown route into `application/problem+json` with a stable `code`,
 * logging server errors with the request's context.
 */
export const problemHandler = fp(
  async (app: FastifyInstance) => {
    app.setErrorHandler((error: FastifyError | ProblemError, request, reply) => {
      const problem = toProblem(error, request);
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
