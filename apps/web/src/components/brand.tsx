import { Anchor, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import classes from './brand.module.css';
import { LogoMark } from './icons';

/** Product name, linking to the home page. */
export function Brand() {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to="/" underline="never" c="bright" fw={700} fz="lg">
      <Group gap={8} wrap="nowrap">
        <LogoMark />
        <span className={classes.name}>{t('app.name')}</span>
      </Group>
    </Anchor>
  );
}
