import { Anchor, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { paths } from '../app/paths';
import { useCurrentUser } from '../auth/session';
import { hasRole } from '../auth/types';
import { Page } from '../components/page';

/** /admin: the administration areas this user's role opens. */
export function AdminPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <Page title={t('admin.title')} lead={t('admin.lead')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <Paper withBorder radius="md" p="lg">
          <Stack gap="xs">
            <Title order={2} size="h3">
              <Anchor component={Link} to={paths.adminUsers} inherit>
                {t('adminUsers.title')}
              </Anchor>
            </Title>
            <Text size="sm">{t(hasRole(user, 'secretariat') ? 'admin.usersBody' : 'admin.usersBodyOrgAdmin')}</Text>
          </Stack>
        </Paper>
        {hasRole(user, 'secretariat') ? (
          <Paper withBorder radius="md" p="lg">
            <Stack gap="xs">
              <Title order={2} size="h3">
                <Anchor component={Link} to={paths.adminAudit} inherit>
                  {t('adminAudit.title')}
                </Anchor>
              </Title>
              <Text size="sm">{t('admin.auditBody')}</Text>
            </Stack>
          </Paper>
        ) : null}
      </SimpleGrid>
    </Page>
  );
}
