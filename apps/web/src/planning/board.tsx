import { Badge, Group, Paper, SimpleGrid, Stack, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { allowedTargets, ITEM_STATUSES, type GroupRole, type Item, type ItemStatus } from '../api/planning';
import { PriorityBadge } from './badges';
import { useCalendarDate } from './dates';
import { MoveMenu } from './move-menu';

interface BoardProps {
  items: Item[];
  role: GroupRole | null;
  pendingId: string | undefined;
  onOpen: (itemId: string) => void;
  onMove: (item: Item, to: ItemStatus) => void;
}

const DRAG_TYPE = 'application/x-liaison-item';

/**
 * Columns by status. Cards are dragged to another column with the mouse (HTML5 drag and drop), or
 * moved with their "Move to" menu from the keyboard; both go through the same transition.
 */
export function Board({ items, role, pendingId, onOpen, onMove }: BoardProps) {
  const { t } = useTranslation();
  const [dragged, setDragged] = useState<Item>();
  const [over, setOver] = useState<ItemStatus>();
  const accepts = (status: ItemStatus) =>
    dragged !== undefined && allowedTargets(dragged.status, role).includes(status);

  const dropHandlers = (status: ItemStatus) => ({
    onDragOver: (event: DragEvent) => {
      if (!accepts(status)) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      if (over !== status) setOver(status);
    },
    onDragLeave: (event: DragEvent) => {
      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver(undefined);
    },
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      const item = dragged;
      setDragged(undefined);
      setOver(undefined);
      if (item && accepts(status)) onMove(item, status);
    },
  });

  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="sm" verticalSpacing="sm">
      {ITEM_STATUSES.map((status) => {
        const column = items.filter((item) => item.status === status);
        const headingId = `board-column-${status}`;
        return (
          <Paper
            key={status}
            component="section"
            aria-labelledby={headingId}
            withBorder
            p="xs"
            bg={over === status ? 'liaison.0' : 'gray.0'}
            style={{
              minHeight: 160,
              outline: dragged && accepts(status) ? '2px dashed var(--mantine-color-liaison-7)' : undefined,
            }}
            data-testid={`board-column-${status}`}
            {...dropHandlers(status)}
          >
            <Group justify="space-between" mb="xs" wrap="nowrap">
              <Title order={3} size="h5" id={headingId}>
                {t(`planning.status.${status}`)}
                <VisuallyHidden>{`, ${t('planning.itemCount', { count: column.length })}`}</VisuallyHidden>
              </Title>
              <Badge size="sm" variant="outline" color="gray.9" aria-hidden="true">
                {column.length}
              </Badge>
            </Group>
            <Stack gap="xs" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-labelledby={headingId}>
              {column.map((item) => (
                <li key={item.id}>
                  <Card
                    item={item}
                    targets={allowedTargets(item.status, role)}
                    busy={pendingId === item.id}
                    dragging={dragged?.id === item.id}
                    onOpen={() => onOpen(item.id)}
                    onMove={(to) => onMove(item, to)}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(DRAG_TYPE, item.id);
                      event.dataTransfer.setData('text/plain', `${item.reference} ${item.title}`);
                      event.dataTransfer.effectAllowed = 'move';
                      setDragged(item);
                    }}
                    onDragEnd={() => {
                      setDragged(undefined);
                      setOver(undefined);
                    }}
                  />
                </li>
              ))}
            </Stack>
            {column.length === 0 ? (
              <Text size="sm" c="dimmed" ta="center" py="sm">
                {t('planning.emptyColumn')}
              </Text>
            ) : null}
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

interface CardProps {
  item: Item;
  targets: ItemStatus[];
  busy: boolean;
  dragging: boolean;
  onOpen: () => void;
  onMove: (to: ItemStatus) => void;
  onDragStart: (event: DragEvent) => void;
  onDragEnd: () => void;
}

function Card({ item, targets, busy, dragging, onOpen, onMove, onDragStart, onDragEnd }: CardProps) {
  const { t } = useTranslation();
  const date = useCalendarDate();
  const draggable = targets.length > 0;
  return (
    <Paper
      withBorder
      p="xs"
      shadow="xs"
      draggable={draggable}
      onDragStart={draggable ? onDragStart : undefined}
      onDragEnd={onDragEnd}
      style={{
        cursor: draggable ? 'grab' : undefined,
        opacity: dragging ? 0.5 : 1,
        borderLeft: item.overdue ? '4px solid var(--mantine-color-red-9)' : undefined,
      }}
      data-testid="board-card"
      data-item-id={item.id}
    >
      <Stack gap={6}>
        <UnstyledButton onClick={onOpen} style={{ textAlign: 'start' }}>
          <Text size="xs" c="dimmed" ff="monospace" component="span" display="block">
            {item.reference}
          </Text>
          <Text size="sm" fw={600} component="span" display="block" td="underline">
            {item.title}
          </Text>
        </UnstyledButton>
        {item.assignees.length > 0 ? (
          <Text size="xs">{item.assignees.map((a) => a.displayName).join(', ')}</Text>
        ) : null}
        <Group gap={6} wrap="wrap">
          {item.dueDate ? (
            <Text size="xs" c={item.overdue ? 'red.9' : undefined} fw={item.overdue ? 700 : undefined}>
              {item.overdue
                ? t('planning.dueOverdue', { date: date(item.dueDate) })
                : t('planning.due', { date: date(item.dueDate) })}
            </Text>
          ) : null}
          {item.priority !== 'normal' ? <PriorityBadge priority={item.priority} /> : null}
        </Group>
        {item.status === 'blocked' && item.statusReason ? (
          <Text size="xs" fs="italic">
            {t('planning.blockedBecause', { reason: item.statusReason })}
          </Text>
        ) : null}
        <Group gap="xs">
          <MoveMenu reference={item.reference} targets={targets} busy={busy} onMove={onMove} />
        </Group>
      </Stack>
    </Paper>
  );
}
