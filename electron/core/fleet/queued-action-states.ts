import type { HostActionRow, QueuedAction } from '../../../common/ipc/methods/actions';
import type { ProgressStep } from '../../../common/progress-steps';

/**
 * The state changes of a queued host action (docs/host-actions.md, "Queue"). What main itself says
 * about an entry is a note code (`actionQueue.*`, common/progress-steps.ts) the window translates;
 * `message` holds only what the agent or the server said, so a French window never shows an
 * English sentence of main's.
 */

type EntryChange = Pick<QueuedAction, 'state' | 'message' | 'sentAt' | 'note' | 'error'>;

const noted = (step: ProgressStep) => ({ message: '', note: { step }, error: undefined });

/** Cancelled by the user while it waited. */
export const cancelledEntry = (e: QueuedAction): QueuedAction =>
  withChange(e, { state: 'CANCELLED', ...noted('actionQueue.CANCELLED') });

/** Its host did not connect before `expiresAt`: never sent. */
export const expiredEntry = (e: QueuedAction): QueuedAction =>
  withChange(e, { state: 'EXPIRED', ...noted('actionQueue.EXPIRED') });

/** Saved as SENT before its claim leaves (at most once, whatever happens next). */
export const sentEntry = (e: QueuedAction, sentAt: string): QueuedAction =>
  withChange(e, { state: 'SENT', sentAt, ...noted('actionQueue.SENT') });

/**
 * What a sent entry becomes once its run ended. SKIPPED means the server did not relay the claim
 * (the host had gone again): nothing ran, so it waits again. OK / ERROR / TIMEOUT take the host
 * row's outcome: the agent's summary, or main's note or error (codes). Anything else means the
 * console stopped following: the claim was sent, so the entry stays SENT and is never sent again.
 */
export function outcomeOf(row: HostActionRow): Partial<EntryChange> {
  switch (row.state) {
    case 'SKIPPED':
      return { state: 'WAITING', sentAt: null, message: '', note: undefined, error: undefined };
    case 'OK':
    case 'ERROR':
    case 'TIMEOUT':
      return {
        state: row.state,
        // A note's English sentence is main's (for the CLI), not the agent's: the code says it.
        message: row.note !== undefined && row.error === undefined ? '' : row.message,
        note: row.note,
        error: row.error,
      };
    default:
      return noted('actionQueue.OUTCOME_UNKNOWN');
  }
}

/** The entry with the change applied; a note or error set to undefined is left out (JSON file). */
export function withChange(e: QueuedAction, change: Partial<EntryChange>): QueuedAction {
  const next: QueuedAction = { ...e, ...change };
  if (next.note === undefined) delete next.note;
  if (next.error === undefined) delete next.error;
  return next;
}
