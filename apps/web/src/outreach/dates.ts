import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/** The browser's time zone (the reader's), UTC when it cannot tell. */
export const readerTimeZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
};

/** Every IANA zone the browser knows, with `extra` first when it is not among them. */
export const timeZones = (extra?: string): string[] => {
  let zones: string[];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [];
  }
  if (!zones.includes('UTC')) zones = ['UTC', ...zones];
  return extra && !zones.includes(extra) ? [extra, ...zones] : zones;
};

/** "Africa/Addis_Ababa" → "Africa/Addis Ababa": the zone as people read it. */
export const zoneLabel = (zone: string): string => zone.replace(/_/g, ' ');

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as a `datetime-local` value in the browser's zone (what the input shows). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (the browser's zone) as an ISO instant; undefined when empty or invalid. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Instants formatted in a given zone, and ranges, in the interface language. */
export function useZonedFormat() {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'en';
  return useMemo(() => {
    const cache = new Map<string, Intl.DateTimeFormat>();
    const formatter = (zone: string) => {
      let f = cache.get(zone);
      if (!f) {
        try {
          f = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone: zone });
        } catch {
          f = new Intl.DateTimeFormat(language, { dateStyle: 'full', timeStyle: 'short', timeZone: 'UTC' });
        }
        cache.set(zone, f);
      }
      return f;
    };
    return {
      /** One instant in `zone`. */
      at: (iso: string, zone: string) => formatter(zone).format(new Date(iso)),
      /** From one instant to another in `zone`, the shared parts said once. */
      range: (from: string, to: string, zone: string) => {
        const f = formatter(zone);
        try {
          return f.formatRange(new Date(from), new Date(to));
        } catch {
          return `${f.format(new Date(from))} – ${f.format(new Date(to))}`;
        }
      },
    };
  }, [language]);
}

/** Whether two zones show the same wall-clock time at an instant (then one line is enough). */
export function sameOffset(zoneA: string, zoneB: string, iso: string): boolean {
  try {
    const at = new Date(iso);
    const wall = (zone: string) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' }).format(at);
    return wall(zoneA) === wall(zoneB);
  } catch {
    return zoneA === zoneB;
  }
}
