/** One field-level reason list from a 400 response. */
export interface FieldError {
  field: string;
  reasons: string[];
}

/** The single error shape every Liaison API route answers with. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** A stable, machine-readable reason (e.g. `invalid_credentials`), when the server gives one. */
  code?: string;
  details?: FieldError[];
  requestId?: string;
}

/** An error answer from Liaison's API itself. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;
  readonly error: string;
  readonly code: string | undefined;
  readonly details: readonly FieldError[];
  readonly requestId: string | undefined;
  /** Seconds the server asked us to wait (429), from the details or the Retry-After header. */
  readonly retryAfterSeconds: number | undefined;

  constructor(body: ApiErrorBody, retryAfterHeader?: string | null) {
    super(body.message);
    this.statusCode = body.statusCode;
    this.error = body.error;
    this.code = body.code;
    this.details = body.details ?? [];
    this.requestId = body.requestId;
    this.retryAfterSeconds = parseSeconds(this.reasonsFor('retryAfterSeconds')[0]) ?? parseSeconds(retryAfterHeader);
  }

  /** The reasons the server gave for one input field, for showing next to that field. */
  reasonsFor(field: string): string[] {
    return this.details.filter((detail) => detail.field === field).flatMap((detail) => detail.reasons);
  }
}

/**
 * The request got no answer from Liaison's API: no connection, or something in between
 * (a proxy, gateway or captive portal) answered instead.
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  readonly statusCode: number | undefined;

  constructor(message: string, options: { statusCode?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.statusCode = options.statusCode;
  }
}

type QueryValue = string | number | boolean | null | undefined | readonly (string | number)[];

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /**
   * Sends the session's access token and, on a 401, renews the session once and retries
   * (default). Off for the public and cookie-based auth routes, which manage this themselves.
   */
  auth?: boolean;
}

/**
 * How requests reach the session without this module knowing it (see auth/session.ts).
 * Until a session layer registers itself, requests go out without a token.
 */
export interface AuthHooks {
  accessToken(): string | undefined;
  /** Renews the access token; resolves false when there is no session to renew. */
  renew(): Promise<boolean>;
  /** The session is gone (a 401 survived a renewal). */
  onSessionLost(): void;
  /** The server insists the user enrols in two-step verification first. */
  onEnrollmentRequired(): void;
}

let authHooks: AuthHooks | undefined;

export function setAuthHooks(hooks: AuthHooks): void {
  authHooks = hooks;
}

const API_BASE = '/api/v1';

const INPUT_CODES = new Set(['invalid_credentials', 'wrong_password', 'invalid_code']);

/** Calls `/api/v1{path}` with JSON in and out; rejects with ApiError or NetworkError. */
export async function apiRequest<T>(path: `/${string}`, options: RequestOptions = {}): Promise<T> {
  const useAuth = options.auth !== false && authHooks !== undefined;
  try {
    return await send<T>(path, options, useAuth);
  } catch (error) {
    if (!(error instanceof ApiError) || !useAuth || !authHooks) throw error;
    if (error.statusCode === 403 && error.code === 'mfa_enrollment_required') {
      authHooks.onEnrollmentRequired();
      throw error;
    }
    // A 401 that judges what the user typed (a wrong current password) is not about the token.
    if (error.statusCode !== 401 || (error.code !== undefined && INPUT_CODES.has(error.code))) throw error;
    // The access token expired or was revoked: renew once, then try once more.
    if (!(await authHooks.renew())) {
      authHooks.onSessionLost();
      throw error;
    }
    try {
      return await send<T>(path, options, true);
    } catch (retryError) {
      if (retryError instanceof ApiError && retryError.statusCode === 401) authHooks.onSessionLost();
      throw retryError;
    }
  }
}

async function send<T>(path: `/${string}`, options: RequestOptions, withToken: boolean): Promise<T> {
  const { method = 'GET', query, body, signal } = options;
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = withToken ? authHooks?.accessToken() : undefined;
  if (token) headers.Authorization = `Bearer ${token}`;

  let response: Response;
  try {
    response = await fetch(API_BASE + path + toQueryString(query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    // An abort is the caller's decision (e.g. TanStack Query cancelling), not a failure to report.
    if (signal?.aborted) throw cause;
    throw new NetworkError(`${method} ${path}: no response`, { cause });
  }

  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);
  if (response.ok) {
    if (payload === undefined) {
      throw new NetworkError(`${method} ${path}: answer is not JSON`, { statusCode: response.status });
    }
    return payload as T;
  }
  if (isApiErrorBody(payload)) throw new ApiError(payload, response.headers.get('Retry-After'));
  throw new NetworkError(`${method} ${path}: ${response.status} without an API error body`, {
    statusCode: response.status,
  });
}

/** Shorthands so feature code reads as `api.get<Contact[]>('/directory/contacts', { query })`. */
export const api = {
  get: <T>(path: `/${string}`, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: `/${string}`, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: `/${string}`, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: `/${string}`, body?: unknown, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: `/${string}`, options?: Omit<RequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE' }),
};

function parseSeconds(value: string | null | undefined): number | undefined {
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

function toQueryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) value.forEach((item) => params.append(key, String(item)));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function readJson(response: Response): Promise<unknown> {
  const type = response.headers.get('Content-Type') ?? '';
  if (!/^application\/(.+\+)?json/i.test(type)) return undefined;
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Record<string, unknown>;
  return (
    typeof body.statusCode === 'number' &&
    typeof body.error === 'string' &&
    typeof body.message === 'string' &&
    (body.details === undefined || Array.isArray(body.details))
  );
}
