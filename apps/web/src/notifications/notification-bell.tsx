import { ActionIcon, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useMatch } from 'react-router';
import { paths } from '../app/paths';
import { useDateFormat } from '../components/use-date-format';
import { BellIcon } from './icons';
import classes from './notification-bell.module.css';
import { noticeText } from './notification-text';
import { useUnreadNotifications } from './use-notifications';

/** The header's bell: the live number of unread notifications, leading to the list of them. */
export function NotificationBell({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const { count, arrived } = useUnreadNotifications(userId);
  const current = useMatch(paths.notifications) !== null;
  const label = count > 0 ? t('notifications.bellUnread', { count }) : t('notifications.bell');
  return (
    <>
      <ActionIcon
        component={Link}
        to={paths.notifications}
        variant="default"
        size={36}
        aria-label={label}
        aria-current={current ? 'page' : undefined}
        className={classes.bell}
        data-testid="notification-bell"
      >
        <BellIcon />
        {count > 0 ? (
          <span className={classes.count} aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </ActionIcon>
      {/* Screen readers hear of a notice arriving without having to look at the bell. */}
      <VisuallyHidden role="status">
        {arrived
          ? t('notifications.arrived', {
              title: noticeText(t, arrived, (day) => format.date(`${day}T12:00:00Z`)).title,
            })
          : ''}
      </VisuallyHidden>
    </>
  );
}
