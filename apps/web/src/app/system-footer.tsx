import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSystemInfo } from '../api/system';

/** Product, version and runtime mode; only the product name until the server has answered. */
export function SystemFooter() {
  const { t } = useTranslation();
  const { data } = useSystemInfo();
  return (
    <Group h="100%" align="center">
      <Text size="sm">
        {data ? t('footer.version', { version: data.version, mode: t(`system.mode.${data.mode}`) }) : t('app.name')}
      </Text>
    </Group>
  );
}
