import { describe, expect, it } from '@jest/globals';
import i18next from 'i18next';
import en from '../i18n/en.json';
import pl from '../i18n/pl.json';
import { noticeText } from './notification-text';

const facts = {
  reference: '1.3',
  itemTitle: 'Radio spots',
  planTitle: 'Campaigns 2026',
  tlp: 'AMBER',
  dueDate: '2026-12-01',
};
const day = (iso: string) => iso.slice(0, 10);

async function translator(lng: 'en' | 'pl') {
  const i18n = i18next.createInstance();
  await i18n.init({
    lng,
    resources: { en: { translation: en }, pl: { translation: pl } },
    interpolation: { escapeValue: false },
  });
  return i18n.t;
}

describe('plan notices in the reader’s language', () => {
  it('writes reminders, overdue notices and digests from their facts', async () => {
    const t = await translator('pl');
    const notice = (kind: string, params: Record<string, unknown>) =>
      noticeText(t, { kind, title: 'English', body: 'English body', params }, day);
    expect(notice('due_soon', { ...facts, daysLeft: 7 })).toEqual({
      title: 'Termin za 7 dni: [TLP:AMBER] 1.3 Radio spots',
      body: '1.3 Radio spots w planie „Campaigns 2026” ma termin 2026-12-01.',
    });
    expect(notice('due_soon', { ...facts, daysLeft: 2 }).title).toBe('Termin za 2 dni: [TLP:AMBER] 1.3 Radio spots');
    expect(notice('due_soon', { ...facts, daysLeft: 1 }).title).toBe('Termin jutro: [TLP:AMBER] 1.3 Radio spots');
    expect(notice('overdue', facts).title).toBe('Po terminie: [TLP:AMBER] 1.3 Radio spots');
    expect(notice('digest', { overdue: 2, soon: 5 })).toEqual({
      title: 'Twoje zadania: 2 po terminie, 5 z terminem w ciągu tygodnia',
      body: 'English body',
    });
  });

  it('reads in English as the server writes it, and keeps the server’s text when there are no facts', async () => {
    const t = await translator('en');
    expect(
      noticeText(t, { kind: 'due_soon', title: 'x', body: 'y', params: { ...facts, daysLeft: 7 } }, day).title,
    ).toBe('Due in 7 days: [TLP:AMBER] 1.3 Radio spots');
    expect(noticeText(t, { kind: 'overdue', title: 'Overdue: old', body: 'Old body', params: {} }, day)).toEqual({
      title: 'Overdue: old',
      body: 'Old body',
    });
  });
});
