import { Button, Menu, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { signOut, useSession } from '../auth/session';
import { ChevronDownIcon, UserIcon } from '../components/icons';
import { paths } from './paths';

/** The signed-in user's name with a menu (account, sessions, sign out); a way in otherwise. */
export function AccountArea() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  if (session.status !== 'signedIn') {
    return (
      <Button component={Link} to={paths.signIn} variant="default" size="compact-sm" h={36}>
        {t('account.signIn')}
      </Button>
    );
  }

  const enrolling = session.user.mfaEnrollmentRequired;
  const onSignOut = async () => {
    await signOut();
    queryClient.clear();
    await navigate(paths.signIn, { replace: true });
  };

  return (
    // No initial-focus placeholder: a focusable element inside role="menu" that is not an item is
    // refused by screen readers (and axe's aria-required-children); the first item takes focus.
    <Menu position="bottom-end" width={220} withInitialFocusPlaceholder={false}>
      <Menu.Target>
        <Button
          variant="default"
          size="compact-sm"
          h={36}
          maw={{ base: 140, xs: 240 }}
          leftSection={<UserIcon />}
          rightSection={<ChevronDownIcon />}
          aria-label={t('account.menuLabel', { name: session.user.displayName })}
        >
          <Text span size="sm" truncate="end">
            {session.user.displayName}
          </Text>
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label role="presentation">{session.user.email}</Menu.Label>
        {enrolling ? null : (
          <>
            <Menu.Item component={Link} to={paths.account}>
              {t('account.menu.account')}
            </Menu.Item>
            <Menu.Item component={Link} to={paths.accountSessions}>
              {t('account.menu.sessions')}
            </Menu.Item>
            <Menu.Item component={Link} to={paths.privacy}>
              {t('account.menu.privacy')}
            </Menu.Item>
            <Menu.Item component={Link} to={paths.notificationSettings}>
              {t('notificationSettings.menuItem')}
            </Menu.Item>
            <Menu.Divider role="separator" />
          </>
        )}
        <Menu.Item onClick={() => void onSignOut()}>{t('account.menu.signOut')}</Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
