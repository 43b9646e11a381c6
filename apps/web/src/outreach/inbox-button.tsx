import { ActionIcon, VisuallyHidden } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useMatch } from 'react-router';
import { paths } from '../app/paths';
import classes from '../notifications/notification-bell.module.css';
import { InboxIcon } from './icons';
import { useInboxLive } from './use-outreach-live';

/** The header's inbox: the live number of unread announcements and notifications, leading to both. */
export function InboxButton({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const { count, loaded, arrived } = useInboxLive(userId);
  const current = useMatch(paths.inbox) !== null;
  const label = count > 0 ? t('inbox.buttonUnread', { count }) : t('inbox.button');
  return (
    <>
      <ActionIcon
        component={Link}
        to={paths.inbox}
        variant="default"
        size={36}
        aria-label={label}
        aria-current={current ? 'page' : undefined}
        className={classes.bell}
        data-testid="inbox-button"
        data-count={count}
        data-loaded={loaded ? 'true' : 'false'}
      >
        <InboxIcon />
        {count > 0 ? (
          <span className={classes.count} aria-hidden="true">
            {count > 99 ? '99+' : count}
          </span>
        ) : null}
      </ActionIcon>
      {/* Screen readers hear of an announcement arriving without having to look at the header. */}
      <VisuallyHidden role="status">{arrived ? t('inbox.arrived', { title: arrived.title }) : ''}</VisuallyHidden>
    </>
  );
}
