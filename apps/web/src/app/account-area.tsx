import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from './paths';

/** Where the signed-in user's name and sign-out will go once identity exists; until then, a way in. */
export function AccountArea() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to={paths.signIn} variant="default" size="compact-sm" h={36}>
      {t('account.signIn')}
    </Button>
  );
}
