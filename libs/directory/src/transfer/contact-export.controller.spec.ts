import { Writable } from 'node:stream';
import type { Request, Response } from 'express';
import type { AuthenticatedUser } from '@liaison/core';
import type { ContactQueryDto } from '../contacts/contacts.dto.js';
import type { MandatesService } from '../mandates/mandates.service.js';
import type { Viewer, ViewerService } from '../viewer.js';
import { ContactExportController } from './contact-export.controller.js';
import type { DirectoryTransferService, ExportRow } from './directory-transfer.service.js';

const row = (i: number, visibility: string) =>
  ({
    id: `id-${i}`,
    fullName: `Person ${i}`,
    sortName: `person ${i}`,
    position: null,
    organisationId: 'org',
    organisationName: 'Org',
    organisationAcronym: null,
    organisationKind: 'law_enforcement',
    countryCode: 'PL',
    emails: [`p${i}@example.test`],
    phones: [],
    languages: [],
    expertise: [],
    mandates: [],
    timeZone: null,
    status: 'active',
    visibility,
    lastConfirmedAt: new Date().toISOString(),
    tier: 0,
  }) as unknown as ExportRow;

/** A download the client stops reading: the first write fills it, then the connection closes. */
function abandonedResponse(): Response {
  const socket = new Writable({ highWaterMark: 1, write: () => undefined });
  return Object.assign(socket, {
    setHeader: () => undefined,
    type: () => socket,
    attachment: () => socket,
  }) as unknown as Response;
}

describe('ContactExportController', () => {
  it('audits an export the client abandons part-way, with what had been sent', async () => {
    const audited: unknown[][] = [];
    let batchesRead = 0;
    const transfer = {
      async *exportRows() {
        for (let b = 0; b < 3; b++) {
          batchesRead++;
          yield [row(b * 2, 'law_enforcement'), row(b * 2 + 1, 'network')];
        }
      },
      auditExport: async (...args: unknown[]) => void audited.push(args),
    } as unknown as DirectoryTransferService;
    const viewers = { resolve: async () => ({ userId: 'u' }) as Viewer } as unknown as ViewerService;
    const controller = new ContactExportController(viewers, transfer, {} as MandatesService);
    const res = abandonedResponse();
    const exporting = controller.exportCsv(
      {} as AuthenticatedUser,
      {} as ContactQueryDto,
      { ip: '192.0.2.1' } as Request,
      res,
    );
    // The client goes away while the export waits for the first batch to drain.
    setTimeout(() => (res as unknown as Writable).destroy(), 20);
    await exporting;
    // It stops reading: at most the batch it was about to write is fetched, and nothing more is sent.
    expect(batchesRead).toBeLessThan(3);
    expect(audited).toHaveLength(1);
    const [, format, count, restricted, , ip, completed] = audited[0]!;
    expect({ format, count, restricted, ip, completed }).toEqual({
      format: 'csv',
      count: 2,
      restricted: 1,
      ip: '192.0.2.1',
      completed: false,
    });
  });
});
