import type { components } from '@liaison/contract';

/** One field-level reason list from a 400 response. */
export type FieldError = components['schemas']['FieldError'];

/** The single error shape every Liaison API route answers with. */
export type ApiErrorBody = components['schemas']['ErrorBody'];

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
  /** The whole answer, for routes that add their own fields (e.g. an import's `rowErrors`). */
  readonly body: ApiErrorBody & Record<string, unknown>;

  constructor(body: ApiErrorBody, retryAfterHeader?: string | null) {
    super(body.message);
    this.body = body as ApiErrorBody & Record<string, unknown>;
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
  /**
   * Sent as JSON, unless it is FormData (a multipart upload) or `contentType` says it is already
   * text of that type.
   */
  body?: unknown;
  /** A text body sent as it is (e.g. `text/csv`) instead of JSON; bytes (Blob, Uint8Array) go as they are. */
  contentType?: string;
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
export function apiRequest<T>(path: `/${string}`, options: RequestOptions = {}): Promise<T> {
  return withSession(options, (withToken) => send<T>(path, options, withToken));
}

/** A file the API answered with (vCards, CSV exports), ready to be saved. */
export interface DownloadedFile {
  blob: Blob;
  /** From Content-Disposition when the server names the file. */
  filename: string | undefined;
}

/**
 * GETs a file with the session's token (a plain link would go without it); rejects like
 * apiRequest when the server answers with an error.
 */
export function apiDownload(path: `/${string}`, options: Omit<RequestOptions, 'method' | 'body'> = {}) {
  return withSession(options, (withToken) => sendForFile(path, options, withToken));
}

/** Runs a request with the session's token, renewing the session once on a 401. */
async function withSession<T>(options: RequestOptions, run: (withToken: boolean) => Promise<T>): Promise<T> {
  const useAuth = options.auth !== false && authHooks !== undefined;
  try {
    return await run(useAuth);
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
      return await run(true);
    } catch (retryError) {
      if (retryError instanceof ApiError && retryError.statusCode === 401) authHooks.onSessionLost();
      throw retryError;
    }
  }
}

async function send<T>(path: `/${string}`, options: RequestOptions, withToken: boolean): Promise<T> {
  const { method = 'GET' } = options;
  const response = await fetchApi(path, options, withToken, 'application/json');
  if (response.status === 204) return undefined as T;
  const payload = await readJson(response);
  if (response.ok) {
    if (payload === undefined) {
      throw new NetworkError(`${method} ${path}: answer is not JSON`, { statusCode: response.status });
    }
    return payload as T;
  }
  throw errorFrom(response, payload, `${method} ${path}`);
}

async function sendForFile(path: `/${string}`, options: RequestOptions, withToken: boolean): Promise<DownloadedFile> {
  const response = await fetchApi(path, options, withToken, '*/*');
  // A file route that fails after choosing its Content-Type still answers with the JSON error body.
  if (!response.ok) throw errorFrom(response, await readJsonWhatever(response), `GET ${path}`);
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new NetworkError(`GET ${path}: the file was cut off`, { cause });
  }
  return { blob, filename: filenameFrom(response.headers.get('Content-Disposition')) };
}

async function fetchApi(
  path: `/${string}`,
  options: RequestOptions,
  withToken: boolean,
  accept: string,
): Promise<Response> {
  const { method = 'GET', query, body, signal, contentType } = options;
  const headers: Record<string, string> = { Accept: accept, ...options.headers };
  const multipart = body instanceof FormData;
  const binary = body instanceof Blob || body instanceof Uint8Array;
  // The browser writes a multipart body's Content-Type itself, with its boundary.
  if (body !== undefined && !multipart) headers['Content-Type'] = contentType ?? 'application/json';
  const token = withToken ? authHooks?.accessToken() : undefined;
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(API_BASE + path + toQueryString(query), {
      method,
      headers,
      body:
        body === undefined
          ? undefined
          : multipart || binary
            ? (body as BodyInit)
            : contentType
              ? String(body)
              : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    });
  } catch (cause) {
    // An abort is the caller's decision (e.g. TanStack Query cancelling), not a failure to report.
    if (signal?.aborted) throw cause;
    throw new NetworkError(`${method} ${path}: no response`, { cause });
  }
}

function errorFrom(response: Response, payload: unknown, what: string): Error {
  if (isApiErrorBody(payload)) return new ApiError(payload, response.headers.get('Retry-After'));
  return new NetworkError(`${what}: ${response.status} without an API error body`, { statusCode: response.status });
}

/** The file name from `attachment; filename="…"` or RFC 5987's `filename*=UTF-8''…`. */
function filenameFrom(header: string | null): string | undefined {
  if (!header) return undefined;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim());
    } catch {
      // Fall through to the plain parameter.
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(header);
  return plain?.[1]?.trim() || undefined;
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
  download: (path: `/${string}`, options?: Omit<RequestOptions, 'method' | 'body'>) => apiDownload(path, options),
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

/** The body as JSON whatever its declared type, or undefined. */
async function readJsonWhatever(response: Response): Promise<unknown> {
  try {
    return JSON.parse(await response.text());
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
