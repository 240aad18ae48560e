/**
 * The web app's one way to call the API: same-origin fetch with the session cookie, JSON in and
 * out, and problem+json turned into an ApiError that forms can spread onto their fields.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly fields: FieldProblem[],
  ) {
    super(detail);
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** The app signs the person out of the UI when any call answers 401. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** Tells the app the session is gone (for calls made outside `api`, such as a file upload). */
export function signalUnauthenticated(): void {
  for (const listener of unauthenticatedListeners) listener();
}

export async function api<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : undefined;
  if (!response.ok) {
    const problem = (data ?? {}) as { code?: string; detail?: string; errors?: FieldProblem[] };
    if (response.status === 401 && !path.startsWith('/auth/')) signalUnauthenticated();
    throw new ApiError(
      response.status,
      problem.code ?? 'error',
      problem.detail ?? response.statusText,
      problem.errors ?? [],
    );
  }
  return data as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', path, body ?? {}, headers);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);
export const patch = <T>(path: string, body: unknown) => api<T>('PATCH', path, body);
export const del = <T>(path: string) => api<T>('DELETE', path);

/** `?a=1&b=x` from an object, leaving out empty values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** Puts each field problem beside its field in a Mantine form; returns what had no field. */
export function applyFieldErrors(
  error: unknown,
  setFieldError: (field: string, message: string) => void,
  knownFields: string[],
): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : String(error);
  let unplaced: string | null = error.fields.length === 0 ? error.detail : null;
  for (const problem of error.fields) {
    const field = problem.field.split('.')[0]!;
    if (knownFields.includes(field)) setFieldError(field, problem.message);
    else unplaced = error.detail;
  }
  return unplaced;
}
