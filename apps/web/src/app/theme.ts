import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// Shades 5-9 reach at least 4.5:1 against white both ways (text on white, white on the shade);
// shade 7, the primary, reaches 7.1:1.
const liaisonBlue: MantineColorsTuple = [
  '#e8f0fb',
  '#d0e0f6',
  '#a3c1ec',
  '#73a0e2',
  '#4b83d9',
  '#326fd3',
  '#2462c4',
  '#1b55ad',
  '#15478f',
  '#0f3870',
];

export const theme = createTheme({
  primaryColor: 'liaison',
  primaryShade: { light: 7, dark: 7 },
  colors: { liaison: liaisonBlue },
  defaultRadius: 'md',
  focusRing: 'auto',
  // People who ask their system for less motion get dialogs and drawers without transitions.
  respectReducedMotion: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
});

// Mantine's defaults for secondary text, errors and placeholders fall below 4.5:1 on white.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});
