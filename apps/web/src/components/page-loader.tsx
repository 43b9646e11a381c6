import { Center, Loader } from '@mantine/core';

/** A spinner that tells screen readers what is being waited for. */
export function PageLoader({ label }: { label: string }) {
  return (
    <Center py="xl" role="status" aria-label={label}>
      <Loader aria-hidden="true" />
    </Center>
  );
}
