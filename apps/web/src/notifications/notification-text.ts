import type { TFunction } from 'i18next';

/** What a notice needs to be written in the reader's language (the server's text is English). */
export interface NoticeText {
  kind: string | null;
  title: string;
  body: string;
  params: Record<string, unknown> | null;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const count = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * A plan notice's title and text in the reader's language, from its kind and facts. Notices
 * without facts (written before they had them) keep the server's English text.
 */
export function noticeText(
  t: TFunction,
  notice: NoticeText,
  formatDate: (isoDate: string) => string,
): { title: string; body: string } {
  const p = notice.params ?? {};
  const item = {
    tlp: text(p.tlp),
    reference: text(p.reference),
    itemTitle: text(p.itemTitle),
    planTitle: text(p.planTitle),
  };
  const date = text(p.dueDate) ? formatDate(text(p.dueDate)) : '';
  if (notice.kind === 'overdue' && item.reference && date)
    return {
      title: t('notifications.text.overdueTitle', item),
      body: t('notifications.text.overdueBody', { ...item, date }),
    };
  const daysLeft = count(p.daysLeft);
  if (notice.kind === 'due_soon' && item.reference && date && daysLeft !== undefined)
    return {
      title:
        daysLeft === 0
          ? t('notifications.text.dueTodayTitle', item)
          : daysLeft === 1
            ? t('notifications.text.dueTomorrowTitle', item)
            : t('notifications.text.dueInTitle', { ...item, count: daysLeft }),
      body: t('notifications.text.dueBody', { ...item, date }),
    };
  const overdue = count(p.overdue);
  const soon = count(p.soon);
  if (notice.kind === 'digest' && overdue !== undefined && soon !== undefined)
    return {
      title: t('notifications.text.digestTitle', {
        overdue: t('notifications.text.overdueCount', { count: overdue }),
        soon: t('notifications.text.soonCount', { count: soon }),
      }),
      // The list of items is the server's: names and dates, readable in any language.
      body: notice.body,
    };
  return { title: notice.title, body: notice.body };
}
