import { QueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/client';

/** One shared client; defaults tuned for slow links and for not hammering the API. */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: retryOnce,
        staleTime: 30_000,
        // Live data arrives over the realtime socket, so refocusing a tab need not refetch everything.
        refetchOnWindowFocus: false,
      },
      mutations: { retry: false },
    },
  });
}

function retryOnce(failureCount: number, error: Error): boolean {
  if (failureCount >= 1) return false;
  // The same request would be refused again; only timeouts and rate limits may pass on a retry.
  if (error instanceof ApiError && error.statusCode < 500) {
    return error.statusCode === 408 || error.statusCode === 429;
  }
  return true;
}
