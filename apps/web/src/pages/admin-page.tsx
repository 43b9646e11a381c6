import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state';
import { AdminIcon } from '../components/icons';
import { Page } from '../components/page';

export function AdminPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('admin.title')} lead={t('admin.lead')}>
      <EmptyState icon={<AdminIcon />} title={t('admin.emptyTitle')} description={t('admin.emptyBody')} />
    </Page>
  );
}
