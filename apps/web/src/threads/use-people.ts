import { useQuery } from '@tanstack/react-query';
import { messagingApi, type Person } from '../api/messaging';

/** Names of the people with these user ids (the network's accounts), by id. */
export function usePeople(ids: string[]): Map<string, Person> {
  const sorted = [...new Set(ids)].sort();
  const { data } = useQuery({
    queryKey: ['people', sorted],
    queryFn: async () => {
      const out: Person[] = [];
      for (let i = 0; i < sorted.length; i += 100)
        out.push(...(await messagingApi.people({ ids: sorted.slice(i, i + 100).join(',') })).items);
      return out;
    },
    enabled: sorted.length > 0,
    staleTime: 60_000,
  });
  return new Map((data ?? []).map((p) => [p.id, p]));
}
