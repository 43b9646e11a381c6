import {
  Anchor,
  Badge,
  Button,
  Group,
  NativeSelect,
  Paper,
  Progress,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { GroupThread } from '../planning/group-thread';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Person } from '../api/messaging';
import {
  GROUP_ROLES,
  groupQuery,
  planningApi,
  planningKeys,
  type GroupDetail,
  type GroupMember,
  type GroupRole,
} from '../api/planning';
import { planPath } from '../app/paths';
import { useCurrentUser } from '../auth/session';
import { ConfirmDialog } from '../components/confirm-dialog';
import { EmptyState } from '../components/empty-state';
import { FormError } from '../components/form-error';
import { PlansIcon } from '../components/icons';
import { Page } from '../components/page';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDisplayNames } from '../directory/use-display-names';
import { PlanStatusBadge, TlpBadge } from '../planning/badges';
import { PersonSelect } from '../planning/person-select';
import { PlanDialog } from '../planning/plan-dialog';

/** /groups/:id: a working group's purpose, members and plans. */
export function GroupPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const group = useQuery(groupQuery(id));
  if (group.isPending) return <PageLoader label={t('planning.loadingGroup')} />;
  if (group.isError)
    return (
      <Page title={t('planning.groupTitle')}>
        <QueryError error={group.error} onRetry={() => void group.refetch()} />
      </Page>
    );
  return <GroupView group={group.data} />;
}

function GroupView({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const chair = group.myRole === 'chair';
  const [creating, setCreating] = useState(false);
  return (
    <Page title={group.name} lead={group.purpose ?? undefined}>
      {group.myRole ? (
        <Text size="sm">{t('planning.yourRole', { role: t(`planning.role.${group.myRole}`) })}</Text>
      ) : null}
      <Stack gap="sm" component="section" aria-labelledby="group-plans">
        <Group justify="space-between">
          <Title order={2} size="h3" id="group-plans">
            {t('planning.plans')}
          </Title>
          {chair ? <Button onClick={() => setCreating(true)}>{t('planning.newPlan')}</Button> : null}
        </Group>
        {group.plans.length === 0 ? (
          <EmptyState
            icon={<PlansIcon />}
            title={t('planning.noPlansTitle')}
            description={t(chair ? 'planning.noPlansBodyChair' : 'planning.noPlansBody')}
          />
        ) : (
          <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }}>
            {group.plans.map((plan) => (
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
                    <Text
                      span
                      size="sm"
                      c={plan.overdueCount > 0 ? 'red.9' : undefined}
                      fw={plan.overdueCount > 0 ? 700 : undefined}
                    >
                      {t('planning.overdueCount', { count: plan.overdueCount })}
                    </Text>
                    {' · '}
                    {t('planning.blockedCount', { count: plan.blockedCount })}
                  </Text>
                </Stack>
              </Paper>
            ))}
          </Stack>
        )}
      </Stack>
      <GroupThread group={group} />
      <Members group={group} />
      <PlanDialog
        opened={creating}
        groupId={group.id}
        onClose={() => setCreating(false)}
        onSaved={(plan) => {
          setCreating(false);
          void navigate(planPath(plan.id));
        }}
      />
    </Page>
  );
}

function Members({ group }: { group: GroupDetail }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const names = useDisplayNames();
  const queryClient = useQueryClient();
  const chair = group.myRole === 'chair';
  const [removing, setRemoving] = useState<GroupMember>();
  const saved = (detail: GroupDetail) => {
    queryClient.setQueryData(planningKeys.group(group.id), detail);
    void queryClient.invalidateQueries({ queryKey: planningKeys.groups });
  };
  const setRole = useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: GroupRole }) =>
      planningApi.setMember(group.id, userId, role),
    onSuccess: saved,
  });
  const remove = useMutation({
    mutationFn: (userId: string) => planningApi.removeMember(group.id, userId),
    onSuccess: (detail) => {
      saved(detail);
      setRemoving(undefined);
    },
  });
  const roleOptions = GROUP_ROLES.map((value) => ({ value, label: t(`planning.role.${value}`) }));

  return (
    <Stack gap="sm" component="section" aria-labelledby="group-members">
      <Title order={2} size="h3" id="group-members">
        {t('planning.members')}
      </Title>
      {chair ? <AddMember group={group} onAdded={saved} /> : null}
      {setRole.isError ? <FormError error={setRole.error} /> : null}
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" striped>
            <Table.Caption>{t('planning.memberCount', { count: group.members.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('planning.column.name')}</Table.Th>
                <Table.Th scope="col">{t('planning.column.organisation')}</Table.Th>
                <Table.Th scope="col">{t('planning.column.country')}</Table.Th>
                <Table.Th scope="col">{t('planning.column.role')}</Table.Th>
                {chair ? (
                  <Table.Th scope="col">
                    <VisuallyHidden>{t('planning.column.actions')}</VisuallyHidden>
                  </Table.Th>
                ) : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {group.members.map((member) => (
                <Table.Tr key={member.userId}>
                  <Table.Th scope="row" fw={500}>
                    {member.displayName}
                    {member.userId === me.id ? ` (${t('planning.you')})` : ''}
                  </Table.Th>
                  <Table.Td>{member.organisationName ?? '—'}</Table.Td>
                  <Table.Td>{member.countryCode ? names.country(member.countryCode) : '—'}</Table.Td>
                  <Table.Td>
                    {chair ? (
                      <NativeSelect
                        size="xs"
                        aria-label={t('planning.roleOf', { name: member.displayName })}
                        value={member.role}
                        disabled={setRole.isPending}
                        onChange={(event) =>
                          setRole.mutate({ userId: member.userId, role: event.currentTarget.value as GroupRole })
                        }
                        data={roleOptions}
                        w={140}
                      />
                    ) : (
                      <Badge variant="outline" color="gray.9">
                        {t(`planning.role.${member.role}`)}
                      </Badge>
                    )}
                  </Table.Td>
                  {chair ? (
                    <Table.Td>
                      <Button
                        size="xs"
                        variant="default"
                        onClick={() => {
                          remove.reset();
                          setRemoving(member);
                        }}
                        aria-label={t('planning.removeMemberFor', { name: member.displayName })}
                      >
                        {t('planning.removeMember')}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <ConfirmDialog
        opened={removing !== undefined}
        title={t('planning.removeMemberTitle')}
        confirmLabel={t('planning.removeMember')}
        danger
        busy={remove.isPending}
        error={remove.isError ? <FormError error={remove.error} /> : undefined}
        onConfirm={() => removing && remove.mutate(removing.userId)}
        onClose={() => setRemoving(undefined)}
      >
        {t('planning.removeMemberBody', { name: removing?.displayName ?? '', group: group.name })}
      </ConfirmDialog>
    </Stack>
  );
}

function AddMember({ group, onAdded }: { group: GroupDetail; onAdded: (detail: GroupDetail) => void }) {
  const { t } = useTranslation();
  const [person, setPerson] = useState<Person | null>(null);
  const [role, setRole] = useState<GroupRole>('member');
  const [problem, setProblem] = useState<string>();
  const add = useMutation({
    mutationFn: () => planningApi.setMember(group.id, person!.id, role),
    onSuccess: (detail) => {
      onAdded(detail);
      setPerson(null);
      setRole('member');
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!person) return setProblem(t('planning.personRequired'));
    setProblem(undefined);
    add.mutate();
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="add-member-heading">
      <Stack gap="sm">
        <Title order={3} size="h5" id="add-member-heading">
          {t('planning.addMember')}
        </Title>
        <Group align="flex-start" gap="sm">
          <div style={{ flex: 1, minWidth: 260 }}>
            <PersonSelect
              label={t('planning.person')}
              description={t('planning.personHint')}
              value={person}
              onChange={setPerson}
              exclude={new Set(group.members.map((m) => m.userId))}
              error={problem}
            />
          </div>
          <NativeSelect
            label={t('planning.column.role')}
            value={role}
            onChange={(event) => setRole(event.currentTarget.value as GroupRole)}
            data={GROUP_ROLES.map((value) => ({ value, label: t(`planning.role.${value}`) }))}
            w={160}
          />
        </Group>
        {add.isError ? <FormError error={add.error} /> : null}
        <Group>
          <Button type="submit" loading={add.isPending}>
            {t('planning.addMemberSubmit')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
