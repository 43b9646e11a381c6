import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from './client';

export type ServerMode = 'embedded' | 'server';

/** GET /api/v1/system/info: what is running, shown in the footer and on the sign-in page. */
export interface SystemInfo {
  name: string;
  version: string;
  mode: ServerMode;
  demo: boolean;
  database: { engine: string; version: string };
  /** Demo workspaces only: the shared password and the fictional accounts to try. */
  demoSignIn?: { password: string; accounts: DemoAccount[] };
  /** True when a demo workspace does not insist on two-step verification. */
  mfaRelaxedInDemo?: boolean;
}

export interface DemoAccount {
  email: string;
  role: string;
  displayName: string;
}

export const systemInfoQuery = queryOptions({
  queryKey: ['system', 'info'] as const,
  queryFn: ({ signal }) => api.get<SystemInfo>('/system/info', { signal }),
  // The answer changes only when the server is redeployed.
  staleTime: 5 * 60_000,
});

export function useSystemInfo() {
  return useQuery(systemInfoQuery);
}
