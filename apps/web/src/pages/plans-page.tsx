import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/empty-state';
import { PlansIcon } from '../components/icons';
import { Page } from '../components/page';

export function PlansPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('plans.title')} lead={t('plans.lead')}>
      <EmptyState icon={<PlansIcon />} title={t('plans.emptyTitle')} description={t('plans.emptyBody')} />
    </Page>
  );
}
