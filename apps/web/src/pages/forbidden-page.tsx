import { Anchor, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../app/paths';
import { Page } from '../components/page';

/** A signed-in user reached a page their role does not open. */
export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('forbidden.title')}>
      <Text>{t('forbidden.body')}</Text>
      <Anchor component={Link} to={paths.directory}>
        {t('forbidden.home')}
      </Anchor>
    </Page>
  );
}
