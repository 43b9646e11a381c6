import { MantineProvider } from '@mantine/core';
import { QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useSession } from '../auth/session';
import { createQueryClient } from './query-client';
import { cssVariablesResolver, theme } from './theme';

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ForgetDataOfPreviousUser />
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        {children}
      </MantineProvider>
    </QueryClientProvider>
  );
}

/** Nothing one user loaded may be shown to the next one who signs in on this device. */
function ForgetDataOfPreviousUser() {
  const queryClient = useQueryClient();
  const session = useSession();
  const userId = session.status === 'signedIn' ? session.user.id : undefined;
  const previous = useRef(userId);
  useEffect(() => {
    if (previous.current !== undefined && previous.current !== userId) queryClient.removeQueries({ predicate });
    previous.current = userId;
  }, [userId, queryClient]);
  return null;
}

// System info is the same for everyone; keep it.
const predicate = (query: { queryKey: readonly unknown[] }) => query.queryKey[0] !== 'system';
