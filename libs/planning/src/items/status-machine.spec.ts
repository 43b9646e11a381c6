import { allowedTransitions, needsReason } from './status-machine.js';

describe('the status machine of action items', () => {
  it('lets work start, stop, block and finish', () => {
    expect(allowedTransitions('not_started', false)).toEqual(['in_progress', 'blocked', 'done', 'cancelled']);
    expect(allowedTransitions('in_progress', false)).toContain('done');
    expect(allowedTransitions('blocked', false)).not.toContain('done');
  });

  it('lets only chairs reopen what is done or cancelled', () => {
    expect(allowedTransitions('done', false)).toEqual([]);
    expect(allowedTransitions('cancelled', false)).toEqual([]);
    expect(allowedTransitions('done', true)).toEqual(['in_progress']);
    expect(allowedTransitions('cancelled', true)).toEqual(['not_started']);
  });

  it('asks for a reason for blocking and cancelling only', () => {
    expect(
      ['not_started', 'in_progress', 'blocked', 'done', 'cancelled'].filter((s) => needsReason(s as never)),
    ).toEqual(['blocked', 'cancelled']);
  });
});
