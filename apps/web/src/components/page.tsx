import { Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import classes from './page.module.css';
import { useDocumentTitle } from './use-document-title';

interface PageProps {
  title: string;
  lead?: ReactNode;
  children?: ReactNode;
}

/** A page's single h1, its document title and an optional one-line introduction. */
export function Page({ title, lead, children }: PageProps) {
  useDocumentTitle(title);
  return (
    <Stack gap="xl">
      <Stack gap="xs">
        {/* Focusable so route changes can move focus here (see use-focus-on-navigate). */}
        <Title order={1} tabIndex={-1} className={classes.heading}>
          {title}
        </Title>
        {lead ? (
          <Text size="lg" maw="48rem">
            {lead}
          </Text>
        ) : null}
      </Stack>
      {children}
    </Stack>
  );
}
