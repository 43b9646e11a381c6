import { EmptyState as MantineEmptyState, Paper } from '@mantine/core';
import type { ReactNode } from 'react';

interface EmptyStateProps {
  icon: ReactNode;
  title: string;
  description: ReactNode;
  /** Buttons or links that lead out of the empty state. */
  actions?: ReactNode;
}

/** What a list looks like before it has anything in it: what will appear here and how. */
export function EmptyState({ icon, title, description, actions }: EmptyStateProps) {
  return (
    <Paper withBorder radius="md" p="xl">
      <MantineEmptyState variant="light" size="lg">
        <MantineEmptyState.Indicator>{icon}</MantineEmptyState.Indicator>
        <MantineEmptyState.Title order={2}>{title}</MantineEmptyState.Title>
        <MantineEmptyState.Description>{description}</MantineEmptyState.Description>
        {actions ? <MantineEmptyState.Actions>{actions}</MantineEmptyState.Actions> : null}
      </MantineEmptyState>
    </Paper>
  );
}
