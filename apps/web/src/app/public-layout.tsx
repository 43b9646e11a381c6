import { Box, Container, Group } from '@mantine/core';
import { Outlet } from 'react-router';
import { Brand } from '../components/brand';
import { LanguageSwitcher } from '../components/language-switcher';
import { SkipLink } from '../components/skip-link';
import { ConnectionNotice } from './connection-notice';
import classes from './public-layout.module.css';
import { SystemFooter } from './system-footer';

/** Frame for pages used before signing in: no navigation, but the language can still be chosen. */
export function PublicLayout() {
  return (
    <div className={classes.root}>
      <SkipLink />
      <Box component="header" className={classes.header}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Brand />
          <LanguageSwitcher />
        </Group>
      </Box>
      <Container component="main" id="main" tabIndex={-1} size={440} py="xl" className={classes.main}>
        <ConnectionNotice />
        <Outlet />
      </Container>
      <Box component="footer" px="md" className={classes.footer}>
        <SystemFooter />
      </Box>
    </div>
  );
}
