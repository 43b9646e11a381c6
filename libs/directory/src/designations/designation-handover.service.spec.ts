import type { DataSource } from 'typeorm';
import { DesignationHandoverService } from './designation-handover.service.js';

describe('DesignationHandoverService', () => {
  it('refuses a handover without a signed-in person outside the caller’s transaction', async () => {
    let transactions = 0;
    const dataSource = { transaction: () => void transactions++ } as unknown as DataSource;
    const service = new (
      DesignationHandoverService as unknown as new (...deps: unknown[]) => DesignationHandoverService
    )(dataSource, ...Array.from({ length: 7 }, () => ({})));
    // Only a confirmation link's answer hands over without a person, inside the transaction that
    // holds its request locked; a caller that forgot the transaction must not get one of its own.
    const call = service.handover as unknown as (...args: unknown[]) => Promise<unknown>;
    await expect(
      call.call(service, { viewer: null, ip: null }, 'contact', { successorContactId: 'next' }),
    ).rejects.toThrow('caller’s transaction');
    expect(transactions).toBe(0);
  });
});
