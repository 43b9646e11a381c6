import { Badge, Button, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { groupsQuery } from '../api/planning';
import { groupPath } from '../app/paths';
import { useCurrentUser } from '../auth/session';
import { hasRole } from '../auth/types';
import { EmptyState } from '../components/empty-state';
import { PlansIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { NewGroupDialog } from '../planning/new-group-dialog';

/** /groups: the caller's working groups. */
export function GroupsPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const mayCreate = hasRole(user, 'secretariat', 'org_admin');
  const [creating, setCreating] = useState(false);
  const groups = useQuery(groupsQuery);
  const newButton = mayCreate ? <Button onClick={() => setCreating(true)}>{t('planning.newGroup')}</Button> : null;

  return (
    <Page title={t('planning.groupsTitle')} lead={t('planning.groupsLead')}>
      {groups.isPending ? (
        <PageLoader label={t('planning.loadingGroups')} />
      ) : groups.isError ? (
        <QueryError error={groups.error} onRetry={() => void groups.refetch()} retrying={groups.isFetching} />
      ) : groups.data.items.length === 0 ? (
        <EmptyState
          icon={<PlansIcon />}
          title={t('planning.noGroupsTitle')}
          description={t(mayCreate ? 'planning.noGroupsBodyCreate' : 'planning.noGroupsBody')}
          actions={newButton}
        />
      ) : (
        <Stack>
          {newButton ? <Group>{newButton}</Group> : null}
          <SimpleGrid
            cols={{ base: 1, md: 2 }}
            component="ul"
            m={0}
            p={0}
            style={{ listStyle: 'none' }}
            aria-label={t('planning.groupsTitle')}
          >
            {groups.data.items.map((group) => (
              <li key={group.id}>
                <UnstyledButton component={Link} to={groupPath(group.id)} w="100%" h="100%">
                  <Paper withBorder p="md" h="100%">
                    <Stack gap={6}>
                      <Group justify="space-between" wrap="nowrap" align="flex-start">
                        <Title order={2} size="h4">
                          {group.name}
                        </Title>
                        {group.myRole ? (
                          <Badge variant="outline" color="gray.9" styles={{ root: { flexShrink: 0 } }}>
                            {t(`planning.role.${group.myRole}`)}
                          </Badge>
                        ) : null}
                      </Group>
                      {group.purpose ? (
                        <Text size="sm" lineClamp={3}>
                          {group.purpose}
                        </Text>
                      ) : null}
                      <Text size="sm" c="dimmed">
                        {t('planning.memberCount', { count: group.memberCount })} ·{' '}
                        {t('planning.planCount', { count: group.planCount })}
                      </Text>
                    </Stack>
                  </Paper>
                </UnstyledButton>
              </li>
            ))}
          </SimpleGrid>
        </Stack>
      )}
      <NewGroupDialog
        opened={creating}
        onClose={() => setCreating(false)}
        onCreated={(group) => {
          setCreating(false);
          // The chair starts the group's encrypted thread on its page, seeing who will be in it.
          void navigate(groupPath(group.id));
        }}
      />
    </Page>
  );
}
