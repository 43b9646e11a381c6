import { AppShell, Burger, Group } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation } from 'react-router';
import { useSession } from '../auth/session';
import { Brand } from '../components/brand';
import { LanguageSwitcher } from '../components/language-switcher';
import { NotificationBell } from '../notifications/notification-bell';
import { InboxButton } from '../outreach/inbox-button';
import { SkipLink } from '../components/skip-link';
import { AccountArea } from './account-area';
import classes from './app-shell.module.css';
import { ConnectionNotice } from './connection-notice';
import { MainNavigation } from './main-navigation';
import { SystemFooter } from './system-footer';
import { useFocusOnNavigate } from './use-focus-on-navigate';

const NAVBAR_ID = 'main-navigation';
// Mantine's `sm` breakpoint (48em); below it the navbar becomes a toggled overlay.
const MOBILE_QUERY = '(max-width: 47.99em)';

/** The application frame around every section: header, main navigation, main content, footer. */
export function AppShellLayout() {
  const { t } = useTranslation();
  const [navOpen, nav] = useDisclosure(false);
  const isMobile = useMediaQuery(MOBILE_QUERY, false, { getInitialValueInEffect: false });
  const { pathname } = useLocation();
  const burgerRef = useRef<HTMLButtonElement>(null);
  const session = useSession();
  useFocusOnNavigate();
  // Signed out (a 404 page) or still enrolling in two-step verification: no sections to go to.
  const withNavigation = session.status === 'signedIn' && !session.user.mfaEnrollmentRequired;

  const closeNav = nav.close;
  useEffect(() => {
    closeNav();
  }, [pathname, closeNav]);

  // A closed overlay is only moved off-screen, so keep its links out of the tab order and
  // away from screen readers until it is opened.
  const navHidden = isMobile && !navOpen;

  const closeOnEscape = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && isMobile && navOpen) {
      closeNav();
      burgerRef.current?.focus();
    }
  };

  return (
    <AppShell
      header={{ height: 60 }}
      footer={{ height: 44 }}
      navbar={withNavigation ? { width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpen } } : undefined}
      padding="lg"
    >
      <SkipLink />
      <AppShell.Header>
        <Group h="100%" px={{ base: 'xs', sm: 'md' }} gap="xs" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            {withNavigation ? (
              <Burger
                ref={burgerRef}
                opened={navOpen}
                onClick={nav.toggle}
                hiddenFrom="sm"
                size="sm"
                aria-label={t('nav.toggle')}
                aria-expanded={navOpen}
                aria-controls={NAVBAR_ID}
              />
            ) : null}
            <Brand />
          </Group>
          <Group gap="xs" wrap="nowrap">
            <LanguageSwitcher />
            {withNavigation && session.status === 'signedIn' ? (
              <>
                <InboxButton userId={session.user.id} />
                <NotificationBell userId={session.user.id} />
              </>
            ) : null}
            <AccountArea />
          </Group>
        </Group>
      </AppShell.Header>
      {withNavigation ? (
        <AppShell.Navbar id={NAVBAR_ID} aria-label={t('nav.label')} p="sm" inert={navHidden} onKeyDown={closeOnEscape}>
          <MainNavigation />
        </AppShell.Navbar>
      ) : null}
      <AppShell.Main id="main" tabIndex={-1} className={classes.main}>
        <ConnectionNotice />
        <Outlet />
      </AppShell.Main>
      <AppShell.Footer px="md">
        <SystemFooter />
      </AppShell.Footer>
    </AppShell>
  );
}
