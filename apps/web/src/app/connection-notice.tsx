import { useSystemInfo } from '../api/system';
import { QueryError } from '../components/query-error';

/**
 * Says so when the API cannot be reached. System info is the client's probe of the server:
 * whatever made it fail, nothing else will work either, so the message is always the same.
 */
export function ConnectionNotice() {
  const systemInfo = useSystemInfo();
  if (!systemInfo.isError) return null;
  return (
    <QueryError
      error={systemInfo.error}
      messageKey="errors.unreachable"
      retrying={systemInfo.isFetching}
      onRetry={() => void systemInfo.refetch()}
      mb="lg"
    />
  );
}
