import { Anchor, Group, NativeSelect, Paper, Progress, Table, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ITEM_STATUSES, type Item, type ItemStatus } from '../api/planning';
import { useDisplayNames } from '../directory/use-display-names';
import { ItemStatusBadge } from './badges';
import { useCalendarDate } from './dates';

type SortKey = 'reference' | 'title' | 'lead' | 'country' | 'assignees' | 'due' | 'status' | 'progress';

const COLUMNS: readonly SortKey[] = ['reference', 'title', 'lead', 'country', 'assignees', 'due', 'status', 'progress'];

interface ItemsTableProps {
  items: Item[];
  onOpen: (itemId: string) => void;
}

/** Every item of the plan in one sortable table, with a status filter and a text filter. */
export function ItemsTable({ items, onOpen }: ItemsTableProps) {
  const { t, i18n } = useTranslation();
  const date = useCalendarDate();
  const names = useDisplayNames();
  const [status, setStatus] = useState<ItemStatus | ''>('');
  const [text, setText] = useState('');
  const [sort, setSort] = useState<{ key: SortKey; ascending: boolean }>({ key: 'due', ascending: true });

  const collator = useMemo(
    () => new Intl.Collator(i18n.resolvedLanguage ?? 'en', { numeric: true, sensitivity: 'base' }),
    [i18n.resolvedLanguage],
  );
  const shown = useMemo(() => {
    const needle = text.trim().toLocaleLowerCase();
    const valueOf = (item: Item, key: SortKey): string | number => {
      switch (key) {
        case 'reference':
          return item.reference;
        case 'title':
          return item.title;
        case 'lead':
          return item.leadOrganisationName ?? '';
        case 'country':
          return names.country(item.countryCode);
        case 'assignees':
          return item.assignees.map((a) => a.displayName).join(', ');
        case 'due':
          // Items without a due date go last when sorting up.
          return item.dueDate ?? '9999-12-31';
        case 'status':
          return ITEM_STATUSES.indexOf(item.status);
        case 'progress':
          return item.progress;
      }
    };
    return items
      .filter((item) => !status || item.status === status)
      .filter(
        (item) =>
          !needle ||
          [item.reference, item.title, item.leadOrganisationName ?? '', ...item.assignees.map((a) => a.displayName)]
            .join(' ')
            .toLocaleLowerCase()
            .includes(needle),
      )
      .sort((a, b) => {
        const x = valueOf(a, sort.key);
        const y = valueOf(b, sort.key);
        const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
        return (sort.ascending ? order : -order) || collator.compare(a.reference, b.reference);
      });
  }, [items, status, text, sort, names, collator]);

  return (
    <>
      <Group align="flex-end" gap="md">
        <TextInput
          type="search"
          label={t('planning.filterText')}
          value={text}
          onChange={(event) => setText(event.currentTarget.value)}
          w={280}
        />
        <NativeSelect
          label={t('planning.filterStatus')}
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value as ItemStatus | '')}
          data={[
            { value: '', label: t('planning.allStatuses') },
            ...ITEM_STATUSES.map((value) => ({ value, label: t(`planning.status.${value}`) })),
          ]}
          w={220}
        />
      </Group>
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={960}>
          <Table verticalSpacing="xs" striped>
            <Table.Caption>{t('planning.tableCaption', { count: shown.length, total: items.length })}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                {COLUMNS.map((key) => {
                  const active = sort.key === key;
                  return (
                    <Table.Th
                      key={key}
                      scope="col"
                      aria-sort={active ? (sort.ascending ? 'ascending' : 'descending') : 'none'}
                    >
                      <UnstyledButton
                        fw={700}
                        fz="sm"
                        onClick={() => setSort({ key, ascending: active ? !sort.ascending : true })}
                      >
                        {t(`planning.column.${key}`)}
                        <span aria-hidden="true">{active ? (sort.ascending ? ' ▲' : ' ▼') : ''}</span>
                      </UnstyledButton>
                    </Table.Th>
                  );
                })}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td ff="monospace">{item.reference}</Table.Td>
                  <Table.Th scope="row" fw={500}>
                    <Anchor component="button" type="button" onClick={() => onOpen(item.id)} ta="start">
                      {item.title}
                    </Anchor>
                  </Table.Th>
                  <Table.Td>{item.leadOrganisationName ?? '—'}</Table.Td>
                  <Table.Td>{item.countryCode ? names.country(item.countryCode) : '—'}</Table.Td>
                  <Table.Td>{item.assignees.map((a) => a.displayName).join(', ') || '—'}</Table.Td>
                  <Table.Td>
                    {item.dueDate ? (
                      <Text size="sm" c={item.overdue ? 'red.9' : undefined} fw={item.overdue ? 700 : undefined}>
                        {date(item.dueDate)}
                        {item.overdue ? ` (${t('planning.overdue')})` : ''}
                      </Text>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    <ItemStatusBadge status={item.status} />
                  </Table.Td>
                  <Table.Td miw={120}>
                    <Group gap={6} wrap="nowrap">
                      <Progress
                        value={item.progress}
                        w={60}
                        aria-label={t('planning.progressOf', { name: item.reference })}
                      />
                      <Text size="sm">{t('planning.percent', { value: item.progress })}</Text>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {shown.length === 0 ? (
          <Text p="md" c="dimmed">
            {t('planning.noMatch')}
          </Text>
        ) : null}
      </Paper>
    </>
  );
}
