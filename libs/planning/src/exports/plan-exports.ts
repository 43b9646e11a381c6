import ical, { ICalEventStatus } from 'ical-generator';
import { csvLine } from '@liaison/core';
import type { BoardItem } from '../items/item-view.js';
import type { Tlp } from '../plans/action-plan.entity.js';

const COLUMNS = [
  'reference',
  'title',
  'status',
  'status_reason',
  'priority',
  'progress',
  'lead_organisation',
  'country',
  'assignees',
  'start_date',
  'due_date',
  'overdue',
  'depends_on',
  'updated_at',
] as const;

/** A plan's items as CSV, the handling code in the first line so it travels with the file. */
export function planCsv(plan: { title: string; tlp: Tlp }, items: BoardItem[]): string {
  const references = new Map(items.map((i) => [i.id, i.reference]));
  const lines = [csvLine([`TLP:${plan.tlp}`, plan.title]), csvLine(COLUMNS)];
  for (const i of items) {
    lines.push(
      csvLine([
        i.reference,
        i.title,
        i.status,
        i.statusReason ?? '',
        i.priority,
        String(i.progress),
        i.leadOrganisationName ?? '',
        i.countryCode ?? '',
        i.assignees.map((a) => a.displayName).join('; '),
        i.startDate ?? '',
        i.dueDate ?? '',
        i.overdue ? 'yes' : 'no',
        i.dependsOn.map((id) => references.get(id) ?? id).join('; '),
        i.updatedAt,
      ]),
    );
  }
  return lines.join('');
}

export interface CalendarItem extends BoardItem {
  planTitle: string;
  planTlp: Tlp;
}

const STATUS_TEXT: Record<BoardItem['status'], string> = {
  not_started: 'not started',
  in_progress: 'in progress',
  blocked: 'blocked',
  done: 'done',
  cancelled: 'cancelled',
};

/**
 * Due dates as an RFC 5545 calendar: one all-day event per item with a due date, with a UID
 * stable across downloads and the item's version as SEQUENCE, so calendars update in place.
 */
export function dueDateCalendar(name: string, items: CalendarItem[], publicUrl: string): string {
  const calendar = ical({ name, prodId: { company: 'Liaison', product: 'Action plans', language: 'EN' } });
  const host = new URL(publicUrl).hostname;
  for (const i of items) {
    if (!i.dueDate) continue;
    const day = new Date(`${i.dueDate}T00:00:00Z`);
    calendar.createEvent({
      id: `action-item-${i.id}@${host}`,
      start: day,
      end: new Date(day.getTime() + 86_400_000),
      allDay: true,
      stamp: new Date(i.updatedAt),
      sequence: i.version,
      summary: `[TLP:${i.planTlp}] ${i.reference} ${i.title} (due)`,
      description: [
        `Plan: ${i.planTitle}`,
        `Status: ${STATUS_TEXT[i.status]}${i.statusReason ? ` (${i.statusReason})` : ''}`,
        i.assignees.length ? `Assignees: ${i.assignees.map((a) => a.displayName).join(', ')}` : null,
        `TLP:${i.planTlp}`,
      ]
        .filter(Boolean)
        .join('\n'),
      url: `${publicUrl}/plans/${i.planId}?item=${i.id}`,
      status: i.status === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}
