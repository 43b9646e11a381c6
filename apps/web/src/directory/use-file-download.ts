import { useMutation } from '@tanstack/react-query';
import type { DownloadedFile } from '../api/client';
import { saveFile } from './save-file';

interface DownloadJob {
  /** Which button started it, so only that one shows progress. */
  id: string;
  fetch: () => Promise<DownloadedFile>;
  fallbackName: string;
}

/** Downloads through the API client (with the session's token) and saves the file. */
export function useFileDownload() {
  const mutation = useMutation({
    mutationFn: async (job: DownloadJob) => {
      saveFile(await job.fetch(), job.fallbackName);
      return job.id;
    },
  });
  return {
    start: (job: DownloadJob) => mutation.mutate(job),
    busy: (id: string) => mutation.isPending && mutation.variables?.id === id,
    error: mutation.isError ? mutation.error : undefined,
    reset: mutation.reset,
  };
}
