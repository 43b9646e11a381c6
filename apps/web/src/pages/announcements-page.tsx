import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state';
import { AnnouncementsIcon } from '../components/icons';
import { Page } from '../components/page';

export function AnnouncementsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('announcements.title')} lead={t('announcements.lead')}>
      <EmptyState
        icon={<AnnouncementsIcon />}
        title={t('announcements.emptyTitle')}
        description={t('announcements.emptyBody')}
      />
    </Page>
  );
}
