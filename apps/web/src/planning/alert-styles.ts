import type { AlertProps } from '@mantine/core';

/** Alert titles in the text colour: Mantine's light variants colour them below 4.5:1 on their tint. */
export const READABLE_ALERT: AlertProps['styles'] = { title: { color: 'var(--mantine-color-text)' } };
