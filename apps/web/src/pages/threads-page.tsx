import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state';
import { ThreadsIcon } from '../components/icons';
import { Page } from '../components/page';

export function ThreadsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('threads.title')} lead={t('threads.lead')}>
      <EmptyState icon={<ThreadsIcon />} title={t('threads.emptyTitle')} description={t('threads.emptyBody')} />
    </Page>
  );
}
