import { Group, Stack, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Item, ItemStatus } from '../api/planning';
import { ITEM_STATUSES } from '../api/planning';
import { todayUtc } from './dates';
import classes from './timeline.module.css';

const DAY = 86_400_000;
const LABEL_WIDTH = 260;
const ROW_HEIGHT = 36;
const BAR_HEIGHT = 18;
const AXIS_HEIGHT = 44;
/** Room right of the last bar for its "after …" note. */
const NOTE_ROOM = 200;
const MIN_BAR = 10;

/** Bar fills by status, each at least 3:1 against white (WCAG 1.4.11); cancelled bars are hatched. */
const FILL: Record<ItemStatus, string> = {
  not_started: 'var(--mantine-color-gray-6)',
  in_progress: 'var(--mantine-color-liaison-7)',
  blocked: 'var(--mantine-color-red-9)',
  done: 'var(--mantine-color-teal-9)',
  cancelled: 'var(--mantine-color-white)',
};

/** A calendar date (YYYY-MM-DD) as whole days since 1970-01-01. */
const dayOf = (date: string): number => {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y!, m! - 1, d!) / DAY);
};

interface Bar {
  item: Item;
  row: number;
  start: number;
  end: number;
  x: number;
  width: number;
}

interface TimelineProps {
  items: Item[];
  onOpen: (itemId: string) => void;
}

/**
 * The plan's items over time: one bar per item from its start to its due date, by reference,
 * coloured by status, overdue ones marked, today as a line, and arrows from the end of each
 * dependency to the start of the item waiting for it. Bars are buttons that open the item; a
 * table says the same for screen readers.
 */
export function Timeline({ items, onOpen }: TimelineProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  const captionId = useId();
  const markerId = useId().replace(/:/g, '');

  const collator = useMemo(() => new Intl.Collator(language, { numeric: true, sensitivity: 'base' }), [language]);
  const sorted = useMemo(
    () => [...items].sort((a, b) => collator.compare(a.reference, b.reference)),
    [items, collator],
  );
  const dated = useMemo(() => sorted.filter((item) => item.startDate || item.dueDate), [sorted]);
  const undated = sorted.filter((item) => !item.startDate && !item.dueDate);
  const referenceOf = useMemo(() => new Map(items.map((item) => [item.id, item.reference])), [items]);

  const formats = useMemo(() => {
    const thisYear = new Date().getUTCFullYear();
    const short = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    const withYear = new Intl.DateTimeFormat(language, {
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    const month = new Intl.DateTimeFormat(language, { month: 'short', timeZone: 'UTC' });
    const monthYear = new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric', timeZone: 'UTC' });
    return {
      date: (day: number) => {
        const value = new Date(day * DAY);
        return (value.getUTCFullYear() === thisYear ? short : withYear).format(value);
      },
      tick: (day: number) => short.format(new Date(day * DAY)),
      month: (day: number, first: boolean) => {
        const value = new Date(day * DAY);
        return (first || value.getUTCMonth() === 0 ? monthYear : month).format(value);
      },
    };
  }, [language]);

  const today = dayOf(todayUtc());
  const layout = useMemo(() => {
    const days = dated.flatMap((item) => [item.startDate, item.dueDate].filter((d): d is string => !!d).map(dayOf));
    const first = Math.min(today, ...days) - 3;
    const last = Math.max(today, ...days) + 7;
    const span = last - first + 1;
    const weekly = span <= 16 * 7;
    const pxPerDay = Math.max(weekly ? 10 : 4, Math.min(28, 900 / span));
    const x = (day: number) => (day - first) * pxPerDay;
    const bars: Bar[] = dated.map((item, row) => {
      const startDay = dayOf((item.startDate ?? item.dueDate)!);
      const endDay = Math.max(startDay, dayOf((item.dueDate ?? item.startDate)!));
      const width = Math.max(MIN_BAR, (endDay - startDay + 1) * pxPerDay);
      // An item with only a due date is a short mark ending on that day.
      const left = item.startDate ? x(startDay) : x(endDay + 1) - width;
      return { item, row, start: startDay, end: endDay, x: left, width };
    });
    const ticks: { day: number; label: string }[] = [];
    if (weekly) {
      // Mondays (1970-01-01 was a Thursday).
      const monday = first + ((7 - ((((first + 3) % 7) + 7) % 7)) % 7);
      for (let day = monday; day <= last; day += 7) {
        ticks.push({ day, label: formats.tick(day) });
      }
    } else {
      const start = new Date(first * DAY);
      let month = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      for (let index = 0; month.getTime() / DAY <= last; index++) {
        const day = Math.round(month.getTime() / DAY);
        ticks.push({ day, label: formats.month(day, index === 0) });
        month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1, 1));
      }
    }
    return { first, last, pxPerDay, x, bars, ticks, width: span * pxPerDay + NOTE_ROOM };
  }, [dated, today, formats]);

  const barOf = new Map(layout.bars.map((bar) => [bar.item.id, bar]));
  const rowY = (row: number) => row * ROW_HEIGHT + ROW_HEIGHT / 2;
  const afterText = (item: Item) =>
    item.dependsOn.length > 0
      ? t('planning.timeline.after', {
          references: item.dependsOn.map((id) => referenceOf.get(id) ?? '?').join(', '),
        })
      : '';
  const rangeText = (item: Item) =>
    item.startDate && item.dueDate
      ? t('planning.timeline.range', {
          start: formats.date(dayOf(item.startDate)),
          end: formats.date(dayOf(item.dueDate)),
        })
      : item.dueDate
        ? t('planning.timeline.dueOnly', { date: formats.date(dayOf(item.dueDate)) })
        : t('planning.timeline.startOnly', { date: formats.date(dayOf(item.startDate!)) });
  const nameOf = (item: Item) =>
    [
      `${item.reference} ${item.title}`,
      rangeText(item),
      t(`planning.status.${item.status}`),
      item.overdue ? t('planning.timeline.overdue') : '',
      afterText(item),
    ]
      .filter(Boolean)
      .join(', ');

  const chartHeight = layout.bars.length * ROW_HEIGHT;
  const todayX = layout.x(today) + layout.pxPerDay / 2;

  // Arrows from the end of each dependency to the start of the item that waits for it.
  const arrows = layout.bars.flatMap((bar) =>
    bar.item.dependsOn.flatMap((dependencyId) => {
      const from = barOf.get(dependencyId);
      if (!from) return [];
      const x1 = from.x + from.width;
      const y1 = rowY(from.row);
      const x2 = bar.x - 2;
      const y2 = rowY(bar.row);
      const path =
        x2 - 8 >= x1 + 8
          ? `M ${x1} ${y1} H ${x1 + 8} V ${y2} H ${x2}`
          : // The item starts before its dependency ends: go round, between the rows.
            `M ${x1} ${y1} H ${x1 + 8} V ${y2 - (Math.sign(y2 - y1) * ROW_HEIGHT) / 2} H ${x2 - 10} V ${y2} H ${x2}`;
      return [{ key: `${dependencyId}-${bar.item.id}`, path }];
    }),
  );

  return (
    <Stack gap="md">
      {dated.length === 0 ? (
        <Text c="dimmed">{t('planning.timeline.noDates')}</Text>
      ) : (
        <figure className={classes.figure} aria-labelledby={captionId}>
          <Stack gap="xs" mb="xs">
            <Text component="figcaption" id={captionId} size="sm">
              {t('planning.timeline.caption', { count: dated.length })}
            </Text>
            <Legend />
          </Stack>
          <div className={classes.scroller}>
            <div
              className={classes.chart}
              style={{ width: LABEL_WIDTH + layout.width, height: AXIS_HEIGHT + chartHeight + 8 }}
            >
              <div className={classes.axis} style={{ left: LABEL_WIDTH, width: layout.width }} aria-hidden="true">
                {layout.ticks.map((tick) => (
                  <span key={tick.day} className={classes.tick} style={{ left: layout.x(tick.day) }}>
                    {tick.label}
                  </span>
                ))}
                <span className={classes.today} style={{ left: todayX }}>
                  {t('planning.timeline.today')}
                </span>
              </div>
              <svg
                className={classes.lines}
                style={{ left: LABEL_WIDTH }}
                width={layout.width}
                height={AXIS_HEIGHT + chartHeight + 8}
                aria-hidden="true"
                focusable="false"
              >
                <defs>
                  <marker
                    id={markerId}
                    viewBox="0 0 8 8"
                    refX="7"
                    refY="4"
                    markerWidth="7"
                    markerHeight="7"
                    orient="auto-start-reverse"
                  >
                    <path d="M 0 0 L 8 4 L 0 8 z" fill="var(--mantine-color-gray-8)" />
                  </marker>
                </defs>
                {layout.ticks.map((tick) => (
                  <line
                    key={tick.day}
                    x1={layout.x(tick.day)}
                    x2={layout.x(tick.day)}
                    y1={0}
                    y2={AXIS_HEIGHT + chartHeight + 8}
                    stroke="var(--mantine-color-gray-3)"
                  />
                ))}
                <line
                  x1={todayX}
                  x2={todayX}
                  y1={AXIS_HEIGHT - 4}
                  y2={AXIS_HEIGHT + chartHeight + 8}
                  stroke="var(--mantine-color-red-9)"
                  strokeWidth={2}
                  strokeDasharray="4 3"
                />
                <g transform={`translate(0 ${AXIS_HEIGHT})`}>
                  {arrows.map((arrow) => (
                    <path
                      key={arrow.key}
                      d={arrow.path}
                      fill="none"
                      stroke="var(--mantine-color-gray-8)"
                      strokeWidth={1.5}
                      markerEnd={`url(#${markerId})`}
                      data-testid="timeline-arrow"
                    />
                  ))}
                </g>
              </svg>
              <ol className={classes.rows} style={{ top: AXIS_HEIGHT }}>
                {layout.bars.map((bar) => {
                  const { item } = bar;
                  const note = [afterText(item), item.overdue ? t('planning.timeline.overdue') : '']
                    .filter(Boolean)
                    .join(' · ');
                  return (
                    <li key={item.id} className={classes.row} style={{ height: ROW_HEIGHT }}>
                      <div
                        className={classes.label}
                        style={{ width: LABEL_WIDTH, minWidth: LABEL_WIDTH }}
                        aria-hidden="true"
                      >
                        <span className={classes.reference}>{item.reference}</span>
                        <span className={classes.title} title={item.title}>
                          {item.title}
                        </span>
                      </div>
                      <div className={classes.track} style={{ width: layout.width }}>
                        <button
                          type="button"
                          className={[
                            classes.bar,
                            item.status === 'cancelled' ? classes.cancelled : '',
                            item.overdue ? classes.overdue : '',
                          ].join(' ')}
                          style={{
                            left: bar.x,
                            width: bar.width,
                            top: (ROW_HEIGHT - BAR_HEIGHT) / 2,
                            height: BAR_HEIGHT,
                            background: FILL[item.status],
                          }}
                          aria-label={nameOf(item)}
                          title={nameOf(item)}
                          data-testid="timeline-bar"
                          onClick={() => onOpen(item.id)}
                        />
                        {note ? (
                          <span
                            className={[classes.note, item.overdue ? classes.overdueNote : ''].join(' ')}
                            style={{ left: bar.x + bar.width + 6, top: (ROW_HEIGHT - 18) / 2, lineHeight: '18px' }}
                            aria-hidden="true"
                          >
                            {note}
                          </span>
                        ) : null}
                      </div>
                    </li>
                  );
                })}
              </ol>
            </div>
          </div>
          <VisuallyHidden>
            <table>
              <caption>{t('planning.timeline.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('planning.column.reference')}</th>
                  <th scope="col">{t('planning.column.title')}</th>
                  <th scope="col">{t('planning.timeline.dates')}</th>
                  <th scope="col">{t('planning.column.status')}</th>
                  <th scope="col">{t('planning.timeline.dependsOn')}</th>
                </tr>
              </thead>
              <tbody>
                {layout.bars.map(({ item }) => (
                  <tr key={item.id}>
                    <th scope="row">{item.reference}</th>
                    <td>{item.title}</td>
                    <td>{rangeText(item)}</td>
                    <td>
                      {t(`planning.status.${item.status}`)}
                      {item.overdue ? `, ${t('planning.timeline.overdue')}` : ''}
                    </td>
                    <td>{afterText(item) || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </VisuallyHidden>
        </figure>
      )}
      {undated.length > 0 ? (
        <Stack gap="xs" component="section" aria-labelledby={`${captionId}-undated`}>
          <Title order={3} size="h4" id={`${captionId}-undated`}>
            {t('planning.timeline.undatedTitle', { count: undated.length })}
          </Title>
          <Stack component="ul" gap={4} m={0} p={0} style={{ listStyle: 'none' }}>
            {undated.map((item) => (
              <li key={item.id}>
                <UnstyledButton
                  onClick={() => onOpen(item.id)}
                  c="liaison.7"
                  td="underline"
                  fz="sm"
                  data-testid="timeline-undated"
                >
                  {`${item.reference} ${item.title}`}
                </UnstyledButton>{' '}
                <Text span size="sm">
                  ({t(`planning.status.${item.status}`)}
                  {item.dependsOn.length > 0 ? `, ${afterText(item)}` : ''})
                </Text>
              </li>
            ))}
          </Stack>
        </Stack>
      ) : null}
    </Stack>
  );
}

/** What the colours mean. */
function Legend() {
  const { t } = useTranslation();
  return (
    <Group gap="md" component="ul" m={0} p={0} style={{ listStyle: 'none' }} aria-label={t('planning.timeline.legend')}>
      {ITEM_STATUSES.map((status) => (
        <Group key={status} component="li" gap={6} wrap="nowrap">
          <span
            className={[classes.swatch, status === 'cancelled' ? classes.cancelled : ''].join(' ')}
            style={{ background: FILL[status] }}
            aria-hidden="true"
          />
          <Text span size="xs">
            {t(`planning.status.${status}`)}
          </Text>
        </Group>
      ))}
      <Group component="li" gap={6} wrap="nowrap">
        <span
          className={classes.swatch}
          style={{ background: FILL.in_progress, borderRight: '6px solid var(--mantine-color-red-9)' }}
          aria-hidden="true"
        />
        <Text span size="xs">
          {t('planning.timeline.overdue')}
        </Text>
      </Group>
      <Group component="li" gap={6} wrap="nowrap">
        <span
          className={classes.swatch}
          style={{ borderTop: '2px dashed var(--mantine-color-red-9)', height: 0, borderRadius: 0 }}
          aria-hidden="true"
        />
        <Text span size="xs">
          {t('planning.timeline.today')}
        </Text>
      </Group>
    </Group>
  );
}
