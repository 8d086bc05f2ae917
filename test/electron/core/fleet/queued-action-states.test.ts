import { describe, expect, it } from 'vitest';
import type { HostActionRow, QueuedAction } from '../../../../common/ipc/methods/actions';
import { QueuedAction as QueuedActionSchema } from '../../../../common/ipc/methods/actions';
import { PROGRESS_STEPS } from '../../../../common/progress-steps';
import {
  cancelledEntry,
  expiredEntry,
  outcomeOf,
  sentEntry,
  withChange,
} from '../../../../electron/core/fleet/queued-action-states';
import { waitingEntry } from '../../../support/queued-action-entries';

/*
 * Issue 14: a queued host action says its own states as note codes (`actionQueue.*`) the window
 * translates, never as main's English sentence in `message`; `message` keeps only what the agent
 * said. Every entry these produce is still a valid stored entry (the queue file's schema).
 */
const waiting: QueuedAction = waitingEntry(1, { host: 'par-lt-00001.corp.lan' });
const row = (r: Partial<HostActionRow>): HostActionRow => ({
  uuid: 'u1',
  host: 'par-lt-00001.corp.lan',
  state: 'OK',
  progress: 100,
  message: '',
  ...r,
});
const sent = sentEntry(waiting, '2026-11-30T12:00:00.000Z');

describe('queued action states', () => {
  it('cancel, expiry and sending each carry their code and no English message', () => {
    expect(cancelledEntry(waiting)).toMatchObject({
      state: 'CANCELLED',
      message: '',
      note: { step: 'actionQueue.CANCELLED' },
    });
    expect(expiredEntry(waiting)).toMatchObject({
      state: 'EXPIRED',
      sentAt: null,
      message: '',
      note: { step: 'actionQueue.EXPIRED' },
    });
    expect(sent).toMatchObject({
      state: 'SENT',
      sentAt: '2026-11-30T12:00:00.000Z',
      message: '',
      note: { step: 'actionQueue.SENT' },
    });
    for (const e of [cancelledEntry(waiting), expiredEntry(waiting), sent]) {
      expect(e.note!.step in PROGRESS_STEPS, e.note!.step).toBe(true);
      expect(QueuedActionSchema.parse(e)).toEqual(e);
    }
  });

  it('a run that stopped being followed leaves the entry SENT, with the outcome-unknown code', () => {
    const after = withChange(sent, outcomeOf(row({ state: 'CANCELLED', message: 'cancelled' })));
    expect(after).toMatchObject({
      state: 'SENT',
      message: '',
      note: { step: 'actionQueue.OUTCOME_UNKNOWN' },
    });
    expect(after.sentAt).toBe(sent.sentAt);
  });

  it("an outcome keeps the agent's own summary as message, and no note of the queue's", () => {
    const after = withChange(sent, outcomeOf(row({ state: 'OK', message: '1 actions launched' })));
    expect(after).toEqual({ ...sent, state: 'OK', message: '1 actions launched', note: undefined });
    expect('note' in after).toBe(false);
  });

  it("an outcome that is main's own sentence keeps the host action's code, not its English", () => {
    const timeout = row({
      state: 'TIMEOUT',
      message: 'no outcome from the agent within 10 minutes',
      note: { step: 'hostAction.NO_OUTCOME', params: { amount: 10, unit: 'minutes' } },
    });
    expect(withChange(sent, outcomeOf(timeout))).toMatchObject({
      state: 'TIMEOUT',
      message: '',
      note: { step: 'hostAction.NO_OUTCOME', params: { amount: 10, unit: 'minutes' } },
    });
    const failed = row({
      state: 'ERROR',
      message: 'HTTP 500 from the server',
      error: { code: 'SERVER_ERROR', reason: 'HTTP_500', params: {} },
    });
    const after = withChange(sent, outcomeOf(failed));
    // The error's message stays: it is the fallback reportedErrorDetail shows for an unknown reason.
    expect(after).toMatchObject({ state: 'ERROR', message: 'HTTP 500 from the server', error: failed.error });
    expect('note' in after).toBe(false);
  });

  it('a claim the server did not relay puts the entry back to WAITING, clean', () => {
    const after = withChange(
      sent,
      outcomeOf(row({ state: 'SKIPPED', note: { step: 'hostAction.NOT_CONNECTED' } })),
    );
    expect(after).toEqual({ ...waiting, note: undefined });
    expect('note' in after).toBe(false);
  });
});
