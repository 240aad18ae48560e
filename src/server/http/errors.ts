/**
 * The one error type of Tandem. Use cases throw it; http/problem.ts maps it to an HTTP status and
 * an RFC 9457 problem+json body, in exactly one place.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  unprocessable: 422,
  stage_requirements_missing: 422,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  /** Dotted path of the field in the request, e.g. `emails.1` or `customFields.budget`. */
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];
  readonly extra: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: FieldError[]; extra?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = options.fields ?? [];
    this.extra = options.extra ?? {};
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);

export const versionConflict = (what: string, currentVersion: number) =>
  new AppError(
    'version_conflict',
    `${what} was changed by someone else. Reload it to see the current version, then apply your change again.`,
    { extra: { currentVersion } },
  );

export const invalidField = (field: string, message: string) =>
  new AppError('unprocessable', message, { fields: [{ field, message }] });
