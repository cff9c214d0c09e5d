import type { ApiError } from '@parley/protocol';
import type { FastifyError, FastifyInstance } from 'fastify';
import type { z } from 'zod';

/** An error a handler throws on purpose; its message is safe to show to clients. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details?: ApiError['details'],
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Client-facing wording for fastify's own request errors (codes are stable across fastify 5). */
const FASTIFY_CLIENT_ERRORS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'request body must not be empty when Content-Type is application/json',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported Content-Type; send application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'request body is too large',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'request body length does not match Content-Length',
};

function isFastifyError(error: unknown): error is FastifyError {
  return error instanceof Error && ('statusCode' in error || 'code' in error);
}

/** Turns a zod failure into `{ error, details }` with one entry per offending field. */
export function validationError(error: z.ZodError, input: unknown): HttpError {
  const details = error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: key, message: `unknown field "${key}"` }));
    }
    const path = issue.path.map(String).join('.');
    if (path === '') {
      return [{ path: '', message: 'request body must be a JSON object' }];
    }
    const top = issue.path[0];
    const missing =
      issue.code === 'invalid_type' &&
      typeof input === 'object' &&
      input !== null &&
      typeof top === 'string' &&
      !(top in input);
    return [{ path, message: missing ? `${path} is required` : issue.message }];
  });
  return new HttpError(400, 'invalid request', details);
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request, reply) => {
    if (error instanceof HttpError) {
      const body: ApiError = { error: error.message, ...(error.details ? { details: error.details } : {}) };
      if (error.statusCode >= 500) request.log.error({ err: error }, 'request failed');
      return reply.status(error.statusCode).send(body);
    }
    if (isFastifyError(error)) {
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        const message = FASTIFY_CLIENT_ERRORS[error.code] ?? 'bad request';
        request.log.info({ code: error.code, status }, message);
        return reply.status(status).send({ error: message } satisfies ApiError);
      }
    }
    // Anything else is our bug or an upstream failure: log it fully, tell the client nothing internal.
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: 'internal server error' } satisfies ApiError);
  });
}
