import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  List,
  Paper,
  Progress,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
  Typography,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  activityQuery,
  allowedTargets,
  canEditItems,
  commentsQuery,
  currentFromConflict,
  groupQuery,
  isConflict,
  itemQuery,
  planningApi,
  planningKeys,
  type ItemActivity,
  type Item,
  type PlanSummary,
} from '../api/planning';
import { Link } from 'react-router';
import { threadPath } from '../app/paths';
import { FormError } from '../components/form-error';
import { InfoIcon, WarningIcon } from '../components/icons';
import { PageLoader } from '../components/page-loader';
import { QueryError } from '../components/query-error';
import { useDateFormat } from '../components/use-date-format';
import { useDisplayNames } from '../directory/use-display-names';
import { ItemStatusBadge, PriorityBadge, TlpBadge } from './badges';
import { READABLE_ALERT } from './alert-styles';
import { applyItem } from './cache';
import { useCalendarDate } from './dates';
import { changedInput, draftOf, fieldErrorsOf, ItemFields, type ItemDraft, type ItemFieldErrors } from './item-fields';
import { useMoveItem } from './use-move-item';

interface ItemDrawerProps {
  itemId: string | undefined;
  plan: PlanSummary;
  items: Item[];
  onClose: () => void;
}

/** One item in full: its fields, status moves, editing, comments and history. Linked by `?item=`. */
export function ItemDrawer({ itemId, plan, items, onClose }: ItemDrawerProps) {
  const { t } = useTranslation();
  const listed = items.find((item) => item.id === itemId);
  return (
    <Drawer
      opened={itemId !== undefined}
      onClose={onClose}
      position="right"
      size="xl"
      title={listed ? `${listed.reference} · ${listed.title}` : t('planning.itemTitle')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {itemId ? <ItemView key={itemId} itemId={itemId} plan={plan} items={items} /> : null}
    </Drawer>
  );
}

function ItemView({ itemId, plan, items }: { itemId: string; plan: PlanSummary; items: Item[] }) {
  const { t } = useTranslation();
  const detail = useQuery(itemQuery(itemId));
  const listed = items.find((item) => item.id === itemId);
  // The list's copy is newer when a live event arrived after the detail was read; the detail
  // still has what the list leaves out (the description) until it is read again.
  const listedIsNewer = listed !== undefined && (!detail.data || listed.version > detail.data.version);
  const item: Item | undefined = listedIsNewer ? { ...detail.data, ...listed } : detail.data;
  const { refetch } = detail;
  useEffect(() => {
    if (listedIsNewer && detail.data) void refetch();
  }, [listedIsNewer, detail.data, refetch]);
  const [editing, setEditing] = useState(false);
  const { move, pendingId, elements } = useMoveItem();

  if (!item) {
    if (detail.isError) return <QueryError error={detail.error} onRetry={() => void detail.refetch()} />;
    return <PageLoader label={t('planning.loadingItem')} />;
  }
  const role = plan.myRole;
  const editable = detail.data?.canEdit ?? canEditItems(role);
  const targets = allowedTargets(item.status, role, { canEdit: editable, canReopen: detail.data?.canReopen });

  return (
    <Stack gap="md">
      <Group gap="xs">
        <TlpBadge tlp={plan.tlp} />
        <ItemStatusBadge status={item.status} size="md" />
        <PriorityBadge priority={item.priority} />
        {item.overdue ? (
          <Badge color="red.9" variant="filled">
            {t('planning.overdue')}
          </Badge>
        ) : null}
      </Group>
      {item.statusReason && (item.status === 'blocked' || item.status === 'cancelled') ? (
        <Alert
          styles={READABLE_ALERT}
          color="orange"
          variant="light"
          icon={<InfoIcon />}
          title={t(`planning.reasonLabel.${item.status}`)}
        >
          {item.statusReason}
        </Alert>
      ) : null}
      {item.warnings.length > 0 ? (
        <Alert
          styles={READABLE_ALERT}
          color="orange"
          variant="light"
          icon={<WarningIcon />}
          title={t('planning.warningsTitle')}
          role="alert"
        >
          <List size="sm">
            {item.warnings.map((warning) => (
              <List.Item key={`${warning.code}-${warning.itemId}`}>
                {warning.code === 'due_before_dependency'
                  ? t('planning.warning.dueBeforeDependency', { reference: warning.reference })
                  : warning.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      ) : null}
      {targets.length > 0 ? (
        <Stack gap={6}>
          <Text size="sm" fw={600} id="item-move-label">
            {t('planning.moveToLabel')}
          </Text>
          <Group gap="xs" role="group" aria-labelledby="item-move-label">
            {targets.map((to) => (
              <Button
                key={to}
                size="xs"
                variant="default"
                loading={pendingId === item.id}
                onClick={() => move(item, to)}
              >
                {t(`planning.status.${to}`)}
              </Button>
            ))}
          </Group>
        </Stack>
      ) : null}
      {elements}
      {editing ? (
        <EditItem item={item} plan={plan} items={items} onDone={() => setEditing(false)} />
      ) : (
        <>
          <Facts item={item} items={items} />
          {editable ? (
            <Group>
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('planning.edit')}
              </Button>
            </Group>
          ) : null}
        </>
      )}
      <Divider />
      <Comments itemId={item.id} canComment={detail.data?.canComment ?? true} />
      <Divider />
      <History itemId={item.id} items={items} />
    </Stack>
  );
}

function Facts({ item, items }: { item: Item; items: Item[] }) {
  const { t } = useTranslation();
  const date = useCalendarDate();
  const names = useDisplayNames();
  const referenceOf = (id: string) => items.find((other) => other.id === id)?.reference ?? id;
  const rows: [string, ReactNode][] = [
    [t('planning.field.leadOrganisation'), item.leadOrganisationName ?? '—'],
    [t('planning.column.country'), item.countryCode ? names.country(item.countryCode) : '—'],
    [t('planning.field.assignees'), item.assignees.map((a) => a.displayName).join(', ') || '—'],
    [t('planning.field.startDate'), date(item.startDate)],
    [
      t('planning.field.dueDate'),
      item.dueDate ? (
        <Text span c={item.overdue ? 'red.9' : undefined} fw={item.overdue ? 700 : undefined}>
          {date(item.dueDate)}
          {item.overdue ? ` (${t('planning.overdue')})` : ''}
        </Text>
      ) : (
        '—'
      ),
    ],
    [
      t('planning.field.progress'),
      <Group gap="xs" wrap="nowrap" key="progress">
        <Progress value={item.progress} w={120} aria-label={t('planning.progressOf', { name: item.reference })} />
        <Text span size="sm">
          {t('planning.percent', { value: item.progress })}
        </Text>
      </Group>,
    ],
    [t('planning.field.dependsOn'), item.dependsOn.map(referenceOf).join(', ') || '—'],
  ];
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" component="dl" m={0}>
        {rows.map(([label, value]) => (
          <div key={label}>
            <Text component="dt" size="sm" fw={600}>
              {label}
            </Text>
            <Text component="dd" size="sm" m={0}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <Title order={3} size="h5">
        {t('planning.field.description')}
      </Title>
      {item.descriptionHtml ? (
        <Typography>
          {/* Rendered from Markdown and sanitised by the server: the only HTML shown as HTML. */}
          <div dangerouslySetInnerHTML={{ __html: item.descriptionHtml }} />
        </Typography>
      ) : (
        <Text size="sm" c="dimmed">
          {t('planning.noDescription')}
        </Text>
      )}
      {item.source ? (
        <Text size="sm">
          {t('planning.source.fromMessage')}{' '}
          <Anchor component={Link} to={threadPath(item.source.threadId)} underline="always">
            {t('planning.source.openThread')}
          </Anchor>
        </Text>
      ) : null}
    </Stack>
  );
}

/**
 * The edit form. It keeps the version it started from; when someone else saved in between (409)
 * it loads the current values as the new starting point and keeps what the user typed, so they
 * can look at both and save again (or drop their changes).
 */
function EditItem({ item, plan, items, onDone }: { item: Item; plan: PlanSummary; items: Item[]; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const group = useQuery({ ...groupQuery(plan.groupId), enabled: canEditItems(plan.myRole) });
  const [base, setBase] = useState<{ version: number; draft: ItemDraft }>(() => ({
    version: item.version,
    draft: draftOf(item),
  }));
  const [draft, setDraft] = useState<ItemDraft>(() => draftOf(item));
  const [errors, setErrors] = useState<ItemFieldErrors>({});
  const [conflict, setConflict] = useState<Item>();
  const save = useMutation({
    mutationFn: () => planningApi.updateItem(item.id, { version: base.version, ...changedInput(base.draft, draft) }),
    onSuccess: (updated) => {
      applyItem(queryClient, updated);
      onDone();
    },
    onError: (error) => {
      setErrors(fieldErrorsOf(error) ?? {});
      if (isConflict(error)) {
        const current = currentFromConflict<Item>(error);
        if (current) {
          applyItem(queryClient, current);
          setBase({ version: current.version, draft: draftOf(current) });
          setConflict(current);
        } else {
          void queryClient.invalidateQueries({ queryKey: planningKeys.item(item.id) });
        }
      }
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (!draft.title.trim()) return setErrors({ title: t('planning.titleRequired') });
    if (draft.startDate && draft.dueDate && draft.dueDate < draft.startDate)
      return setErrors({ dueDate: t('planning.dueBeforeStart') });
    setErrors({});
    setConflict(undefined);
    if (Object.keys(changedInput(base.draft, draft)).length === 0) return onDone();
    save.mutate();
  };
  const differences = conflict
    ? conflictRows(
        base.draft,
        draft,
        (field) => t(`planning.field.${field}`),
        (value) => t(`planning.priority.${value}`),
      )
    : [];

  return (
    <Paper withBorder p="md" component="form" onSubmit={submit} noValidate aria-labelledby="edit-item-heading">
      <Stack gap="sm">
        <Title order={3} size="h5" id="edit-item-heading">
          {t('planning.editTitle', { reference: item.reference })}
        </Title>
        {conflict ? (
          <Alert
            styles={READABLE_ALERT}
            role="alert"
            color="orange"
            variant="light"
            icon={<WarningIcon />}
            title={t('planning.conflictTitle')}
          >
            <Stack gap="xs">
              <Text size="sm">{t('planning.conflictEdit')}</Text>
              {differences.length > 0 ? (
                <List size="sm">
                  {differences.map((row) => (
                    <List.Item key={row.field}>
                      {t('planning.conflictField', { field: row.label, current: row.current, mine: row.mine })}
                    </List.Item>
                  ))}
                </List>
              ) : null}
              <Group gap="xs">
                <Button size="xs" type="submit" loading={save.isPending}>
                  {t('planning.reapply')}
                </Button>
                <Button
                  size="xs"
                  variant="default"
                  onClick={() => {
                    setDraft(draftOf(conflict));
                    setConflict(undefined);
                  }}
                >
                  {t('planning.discardMine')}
                </Button>
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <ItemFields
          draft={draft}
          onChange={setDraft}
          errors={errors}
          members={group.data?.members ?? []}
          otherItems={items.filter((other) => other.id !== item.id)}
          withProgress
        />
        {save.isError && !isConflict(save.error) && !fieldErrorsOf(save.error) ? (
          <FormError error={save.error} />
        ) : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('planning.save')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

type ConflictField = 'reference' | 'title' | 'description' | 'startDate' | 'dueDate' | 'priority' | 'progress';

/** Where the user's edit and the current version differ, field by field, in words. */
function conflictRows(
  current: ItemDraft,
  mine: ItemDraft,
  label: (field: ConflictField | 'leadOrganisation') => string,
  priority: (value: ItemDraft['priority']) => string,
) {
  const show = (value: unknown): string => {
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return '—';
    if (Array.isArray(value)) return String(value.length);
    if (typeof value === 'object' && value && 'name' in value) return String((value as { name: string }).name);
    return String(value);
  };
  const fields: ConflictField[] = ['reference', 'title', 'description', 'startDate', 'dueDate', 'priority', 'progress'];
  const rows: { field: string; label: string; current: string; mine: string }[] = fields
    .filter((field) => String(current[field]) !== String(mine[field]))
    .map((field) => ({
      field,
      label: label(field),
      current: field === 'priority' ? priority(current.priority) : show(current[field]),
      mine: field === 'priority' ? priority(mine.priority) : show(mine[field]),
    }));
  if ((current.leadOrganisation?.id ?? null) !== (mine.leadOrganisation?.id ?? null))
    rows.push({
      field: 'leadOrganisation',
      label: label('leadOrganisation'),
      current: show(current.leadOrganisation),
      mine: show(mine.leadOrganisation),
    });
  return rows;
}

function Comments({ itemId, canComment }: { itemId: string; canComment: boolean }) {
  const { t } = useTranslation();
  const format = useDateFormat();
  const queryClient = useQueryClient();
  const comments = useQuery(commentsQuery(itemId));
  const [body, setBody] = useState('');
  const [problem, setProblem] = useState<string>();
  const add = useMutation({
    mutationFn: () => planningApi.comment(itemId, body.trim()),
    onSuccess: () => {
      setBody('');
      void queryClient.invalidateQueries({ queryKey: planningKeys.comments(itemId) });
      void queryClient.invalidateQueries({ queryKey: planningKeys.activity(itemId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    event.stopPropagation();
    if (!body.trim()) return setProblem(t('planning.commentRequired'));
    setProblem(undefined);
    add.mutate();
  };
  const list = comments.data?.items ?? [];
  return (
    <Stack gap="sm" component="section" aria-labelledby="item-comments-heading">
      <Title order={3} size="h4" id="item-comments-heading">
        {t('planning.comments')}
      </Title>
      {comments.isPending ? (
        <PageLoader label={t('planning.loadingComments')} />
      ) : comments.isError ? (
        <QueryError error={comments.error} onRetry={() => void comments.refetch()} />
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('planning.noComments')}
        </Text>
      ) : (
        <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('planning.comments')}>
          {list.map((comment) => (
            <Paper key={comment.id} component="li" withBorder p="xs" data-testid="item-comment">
              <Text size="xs" c="dimmed">
                {t('planning.commentBy', { name: comment.authorName, date: format.dateTime(comment.createdAt) })}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                {comment.body}
              </Text>
            </Paper>
          ))}
        </Stack>
      )}
      {canComment ? (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <Textarea
              label={t('planning.addComment')}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              autosize
              minRows={2}
              maxLength={5000}
              error={problem}
            />
            {add.isError ? <FormError error={add.error} /> : null}
            <Group justify="flex-end">
              <Button type="submit" size="xs" loading={add.isPending}>
                {t('planning.postComment')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </Stack>
  );
}

function History({ itemId, items }: { itemId: string; items: Item[] }) {
  const { t, i18n } = useTranslation();
  const format = useDateFormat();
  const activity = useQuery(activityQuery(itemId));
  const list = [...(activity.data?.items ?? [])].sort((a, b) => b.at.localeCompare(a.at));
  const fieldLabel = (field: string) =>
    i18n.exists(`planning.field.${field}`) ? t(`planning.field.${field}` as 'planning.field.title') : field;
  const value = useActivityValue(items);
  return (
    <Stack gap="sm" component="section" aria-labelledby="item-history-heading">
      <Title order={3} size="h4" id="item-history-heading">
        {t('planning.history')}
      </Title>
      {activity.isPending ? (
        <PageLoader label={t('planning.loadingHistory')} />
      ) : activity.isError ? (
        <QueryError error={activity.error} onRetry={() => void activity.refetch()} />
      ) : list.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('planning.noHistory')}
        </Text>
      ) : (
        <Stack gap="xs" component="ol" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('planning.history')}>
          {list.map((entry: ItemActivity) => (
            <li key={entry.id} data-testid="item-activity">
              <Text size="sm" fw={600}>
                {t(`planning.action.${entry.action}`, { name: entry.actorName })}
              </Text>
              <Text size="xs" c="dimmed">
                {format.dateTime(entry.at)}
              </Text>
              {Object.keys(entry.changes ?? {}).length > 0 ? (
                <List size="sm" withPadding>
                  {Object.entries(entry.changes)
                    .filter(([, change]) => entry.action !== 'created' || value('', change.after) !== '—')
                    .map(([field, change]) => (
                      <List.Item key={field}>
                        {entry.action === 'created'
                          ? t('planning.changeSet', { field: fieldLabel(field), after: value(field, change.after) })
                          : t('planning.change', {
                              field: fieldLabel(field),
                              before: value(field, change.before),
                              after: value(field, change.after),
                            })}
                      </List.Item>
                    ))}
                </List>
              ) : null}
            </li>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

/** A before or after value of the history in words: statuses and priorities translated, dates local. */
function useActivityValue(items: Item[]): (field: string, value: unknown) => string {
  const { t } = useTranslation();
  const date = useCalendarDate();
  return (field, value) => {
    if (value === null || value === undefined || value === '') return '—';
    if (field === 'status' && typeof value === 'string') return t(`planning.status.${value as Item['status']}`);
    if (field === 'priority' && typeof value === 'string') return t(`planning.priority.${value as Item['priority']}`);
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return date(value);
    if (field === 'dependsOn' && Array.isArray(value))
      return value.map((id) => items.find((item) => item.id === id)?.reference ?? String(id)).join(', ') || '—';
    if (Array.isArray(value))
      return (
        value
          .map((entry) =>
            typeof entry === 'object' && entry && 'displayName' in entry
              ? String((entry as { displayName: string }).displayName)
              : String(entry),
          )
          .join(', ') || '—'
      );
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  };
}
