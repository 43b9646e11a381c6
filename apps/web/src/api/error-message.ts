import type { ParseKeys } from 'i18next';
import { ApiError, NetworkError } from './client';

/** The translation key that tells the user what happened and what to do next. */
export function errorMessageKey(error: unknown): ParseKeys {
  if (error instanceof NetworkError) return 'errors.unreachable';
  if (!(error instanceof ApiError)) return 'errors.unexpected';
  switch (error.statusCode) {
    case 400:
    case 422:
      return 'errors.badRequest';
    case 401:
      return 'errors.unauthenticated';
    case 403:
      return 'errors.forbidden';
    case 404:
      return 'errors.notFound';
    case 409:
      return 'errors.conflict';
    case 429:
      return 'errors.tooManyRequests';
    // A gateway answering in the API's shape still means the API itself is out of reach.
    case 502:
    case 503:
    case 504:
      return 'errors.unreachable';
    default:
      return error.statusCode >= 500 ? 'errors.server' : 'errors.unexpected';
  }
}
