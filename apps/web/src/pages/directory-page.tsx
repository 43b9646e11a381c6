import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state';
import { DirectoryIcon } from '../components/icons';
import { Page } from '../components/page';

export function DirectoryPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('directory.title')} lead={t('directory.lead')}>
      <EmptyState icon={<DirectoryIcon />} title={t('directory.emptyTitle')} description={t('directory.emptyBody')} />
    </Page>
  );
}
