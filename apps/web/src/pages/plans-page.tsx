import { Anchor, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { plansQuery } from '../api/planning';
import { groupPath, paths, planPath } from '../app/paths';
import { EmptyState } from '../components/empty-state';
import { PlansIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { PlanStatusBadge, TlpBadge } from '../planning/badges';

/** /plans: every action plan the caller may see, from their groups and the network. */
export function PlansPage() {
  const { t } = useTranslation();
  const plans = useQuery(plansQuery);
  return (
    <Page title={t('plans.title')} lead={t('plans.lead')}>
      {plans.isPending ? (
        <PageLoader label={t('planning.loadingPlans')} />
      ) : plans.isError ? (
        <QueryError error={plans.error} onRetry={() => void plans.refetch()} retrying={plans.isFetching} />
      ) : plans.data.items.length === 0 ? (
        <EmptyState
          icon={<PlansIcon />}
          title={t('plans.emptyTitle')}
          description={t('plans.emptyBody')}
          actions={
            <Anchor component={Link} to={paths.groups}>
              {t('planning.toGroups')}
            </Anchor>
          }
        />
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('plans.title')}>
          {plans.data.items.map((plan) => (
            <Paper key={plan.id} component="li" withBorder p="md">
              <Stack gap={6}>
                <Group justify="space-between" wrap="wrap">
                  <Anchor component={Link} to={planPath(plan.id)} fw={600} fz="lg">
                    {plan.title}
                  </Anchor>
                  <Group gap="xs">
                    <TlpBadge tlp={plan.tlp} />
                    <PlanStatusBadge status={plan.status} />
                  </Group>
                </Group>
                <Text size="sm">
                  {t('planning.inGroup')}{' '}
                  <Anchor component={Link} to={groupPath(plan.groupId)}>
                    {plan.groupName}
                  </Anchor>
                </Text>
                <Group gap="sm" wrap="nowrap" maw={480}>
                  <Progress
                    value={Math.round(plan.progress)}
                    style={{ flex: 1 }}
                    aria-label={t('planning.progressOf', { name: plan.title })}
                  />
                  <Text size="sm">{t('planning.percent', { value: Math.round(plan.progress) })}</Text>
                </Group>
                <Text size="sm">
                  {t('planning.doneOfItems', { count: plan.itemCount, done: plan.doneCount })}
                  {' · '}
                  {t('planning.overdueCount', { count: plan.overdueCount })}
                  {' · '}
                  {t('planning.blockedCount', { count: plan.blockedCount })}
                </Text>
              </Stack>
            </Paper>
          ))}
        </Stack>
      )}
    </Page>
  );
}
