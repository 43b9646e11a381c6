import type { Response } from 'express';

/** Marks a response as a file to save: its type (UTF-8 text) and its name. */
export function asDownload(res: Response, type: 'text/vcard' | 'text/csv' | 'text/calendar', filename: string): void {
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
}
