import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { components } from '@liaison/contract';

type Schemas = components['schemas'];

export type ServerMode = 'embedded' | 'server';

/** GET /api/v1/system/info: what is running, shown in the footer and on the sign-in page. */
export type SystemInfo = Schemas['SystemInfoDto'];

export type DemoAccount = Schemas['DemoAccountDto'];

export const systemInfoQuery = queryOptions({
  queryKey: ['system', 'info'] as const,
  queryFn: ({ signal }) => api.get<SystemInfo>('/system/info', { signal }),
  // The answer changes only when the server is redeployed.
  staleTime: 5 * 60_000,
});

export function useSystemInfo() {
  return useQuery(systemInfoQuery);
}
