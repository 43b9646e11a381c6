import type { ItemStatus } from '../items/action-item.entity.js';

/** A plan's items counted by status, as the summary statement reads them. */
export interface StatusCountRow {
  status: ItemStatus;
  n: number;
  overdue: number;
  week: number;
  sum: number;
  counted: number;
}

/** A plan's items counted by lead organisation, with its country. */
export interface OrganisationCountRow {
  organisationId: string | null;
  name: string | null;
  countryCode: string | null;
  countryName: string | null;
  items: number;
  done: number;
  overdue: number;
  sum: number;
  counted: number;
}

export interface PlanSummary {
  byStatus: Record<ItemStatus, number>;
  total: number;
  overdue: number;
  dueThisWeek: number;
  progress: number;
  byOrganisation: {
    organisationId: string | null;
    name: string | null;
    countryCode: string | null;
    items: number;
    done: number;
    progress: number;
  }[];
  byCountry: {
    countryCode: string | null;
    countryName: string | null;
    items: number;
    done: number;
    overdue: number;
    progress: number;
  }[];
}

/** The summary of a plan from its items counted by status and by lead organisation. */
export function summarise(rows: StatusCountRow[], organisations: OrganisationCountRow[]): PlanSummary {
  const byStatus: Record<ItemStatus, number> = { not_started: 0, in_progress: 0, blocked: 0, done: 0, cancelled: 0 };
  let total = 0;
  let overdue = 0;
  let dueThisWeek = 0;
  let sum = 0;
  let counted = 0;
  for (const r of rows) {
    byStatus[r.status] = r.n;
    total += r.n;
    overdue += r.overdue;
    dueThisWeek += r.week;
    if (r.status !== 'cancelled') {
      sum += r.sum;
      counted += r.n;
    }
  }
  const mean = (s: number, n: number) => (n === 0 ? 0 : Math.round(s / n));
  const countries = new Map<string, PlanSummary['byCountry'][number] & { sum: number; counted: number }>();
  for (const o of organisations) {
    const key = o.countryCode ?? '';
    const c = countries.get(key) ?? {
      countryCode: o.countryCode,
      countryName: o.countryName,
      items: 0,
      done: 0,
      overdue: 0,
      progress: 0,
      sum: 0,
      counted: 0,
    };
    c.items += o.items;
    c.done += o.done;
    c.overdue += o.overdue;
    c.sum += o.sum;
    c.counted += o.counted;
    countries.set(key, c);
  }
  return {
    byStatus,
    total,
    overdue,
    dueThisWeek,
    progress: mean(sum, counted),
    byOrganisation: organisations
      .map((o) => ({
        organisationId: o.organisationId,
        name: o.name,
        countryCode: o.countryCode,
        items: o.items,
        done: o.done,
        progress: mean(o.sum, o.counted),
      }))
      .sort((a, b) => b.items - a.items || (a.name ?? '~').localeCompare(b.name ?? '~')),
    byCountry: [...countries.values()]
      .map(({ sum: s, counted: n, ...c }) => ({ ...c, progress: mean(s, n) }))
      .sort((a, b) => (a.countryName ?? '~').localeCompare(b.countryName ?? '~')),
  };
}
