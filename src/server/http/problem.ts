import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode, type FieldError } from './errors.ts';

/**
 * The one mapping from errors to RFC 9457 problem+json. Every error Tandem answers with passes
 * through here: our AppError, request validation, malformed JSON, rate limits, and the unexpected.
 */

const TITLES: Record<ErrorCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'The request has invalid fields',
  unauthenticated: 'Sign-in required',
  forbidden: 'Not allowed',
  not_found: 'Not found',
  conflict: 'Conflict',
  version_conflict: 'Changed by someone else',
  unprocessable: 'The request cannot be applied',
  stage_requirements_missing: 'The stage needs more fields',
  payload_too_large: 'Too large',
  rate_limited: 'Too many attempts',
  internal: 'Something went wrong on our side',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance: string;
  errors: FieldError[];
  [extra: string]: unknown;
}

export function toProblem(error: AppError, instance: string): Problem {
  return {
    ...error.extra,
    type: `https://tandem.dev/problems/${error.code.replaceAll('_', '-')}`,
    title: TITLES[error.code],
    status: error.status,
    detail: error.message,
    code: error.code,
    instance,
    errors: error.fields,
  };
}

/** Zod paths start with the part of the request: body.name → name, querystring.limit → limit. */
function validationToAppError(error: { validation: { instancePath: string; message?: string }[] }): AppError {
  const fields = error.validation.map((issue) => ({
    field: issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '(request)',
    message: issue.message ?? 'is invalid',
  }));
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ');
  return new AppError('validation_failed', `Check these fields and send again. ${summary}`, { fields });
}

export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) return validationToAppError(error);
  const fastifyError = error as Partial<FastifyError>;
  if (fastifyError.statusCode === 429) {
    return new AppError('rate_limited', 'Too many attempts. Wait a minute and try again.');
  }
  if (
    fastifyError.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    fastifyError.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
  ) {
    return new AppError('bad_request', 'The request body is not valid JSON.');
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return new AppError('bad_request', 'Send the request body as application/json.');
  }
  if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return new AppError('payload_too_large', 'The request body is too large.');
  }
  if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    return new AppError('bad_request', fastifyError.message ?? 'Bad request');
  }
  return new AppError('internal', 'Something went wrong on our side. The error is logged; try again later.');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): FastifyReply {
  return reply
    .status(error.status)
    .type('application/problem+json')
    .serializer(JSON.stringify)
    .send(toProblem(error, request.url));
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const appError = asAppError(error);
    if (appError.code === 'internal') request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, appError);
  });
}
