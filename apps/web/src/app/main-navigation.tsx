import { Badge, NavLink as MantineNavLink, Stack, VisuallyHidden } from '@mantine/core';
import type { ParseKeys } from 'i18next';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, useMatch } from 'react-router';
import { useSession } from '../auth/session';
import { hasRole, type Role } from '../auth/types';
import { AdminIcon, AnnouncementsIcon, DirectoryIcon, PlansIcon, ThreadsIcon } from '../components/icons';
import { InboxIcon } from '../outreach/icons';
import { useInboxCount } from '../outreach/use-outreach-live';
import { GroupsIcon, MyItemsIcon } from '../planning/icons';
import { paths } from './paths';

interface Section {
  to: string;
  label: ParseKeys;
  icon: ReactNode;
  /** Only these roles see the link; everyone when absent. */
  roles?: Role[];
  /** Shows the live number of unread announcements and notifications. */
  unread?: boolean;
}

const SECTIONS: readonly Section[] = [
  { to: paths.directory, label: 'nav.directory', icon: <DirectoryIcon /> },
  { to: paths.threads, label: 'nav.threads', icon: <ThreadsIcon /> },
  { to: paths.groups, label: 'nav.groups', icon: <GroupsIcon /> },
  { to: paths.plans, label: 'nav.plans', icon: <PlansIcon /> },
  { to: paths.myItems, label: 'nav.myItems', icon: <MyItemsIcon /> },
  { to: paths.inbox, label: 'nav.inbox', icon: <InboxIcon />, unread: true },
  { to: paths.announcements, label: 'nav.announcements', icon: <AnnouncementsIcon /> },
  { to: paths.admin, label: 'nav.admin', icon: <AdminIcon />, roles: ['secretariat', 'org_admin'] },
];

/** The section links; the surrounding <nav> landmark is the AppShell navbar. */
export function MainNavigation() {
  const session = useSession();
  const user = session.status === 'signedIn' ? session.user : undefined;
  const visible = SECTIONS.filter((section) => !section.roles || hasRole(user, ...section.roles));
  return (
    <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
      {visible.map((section) => (
        <li key={section.to}>
          <SectionLink section={section} />
        </li>
      ))}
    </Stack>
  );
}

function SectionLink({ section }: { section: Section }) {
  const { t } = useTranslation();
  // Deeper routes (/plans/:id) keep their section highlighted.
  const active = useMatch({ path: section.to, end: false }) !== null;
  return (
    <MantineNavLink
      component={NavLink}
      to={section.to}
      label={
        <>
          {t(section.label)}
          {section.unread ? <UnreadCount /> : null}
        </>
      }
      leftSection={section.icon}
      active={active}
      fw={active ? 600 : undefined}
    />
  );
}

/** The inbox's unread number beside its link: seen as a badge, heard as part of the link's name. */
function UnreadCount() {
  const { t } = useTranslation();
  const { count } = useInboxCount();
  if (count === 0) return null;
  return (
    <>
      <VisuallyHidden>{`, ${t('inbox.unreadCount', { count })}`}</VisuallyHidden>
      <Badge component="span" size="sm" color="red.9" ml="xs" aria-hidden="true">
        {count > 99 ? '99+' : count}
      </Badge>
    </>
  );
}
