import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { screen, within } from '@testing-library/react';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { QueuedAction } from '../../../../../common/ipc/methods/actions';
import {
  cancelledEntry,
  expiredEntry,
  outcomeOf,
  sentEntry,
  withChange,
} from '../../../../../electron/core/fleet/queued-action-states';
import { QueuedActionsDialog } from '../../../../../renderer/src/features/actions/queued-actions-dialog';
import { en } from '../../../../../renderer/src/i18n/en';
import { fr } from '../../../../../renderer/src/i18n/fr';
import { waitingEntry } from '../../../../support/queued-action-entries';
import { startMainProcess, type MainProcess } from '../../../../support/renderer/fake-bridge';
import { renderInConsole } from '../../../../support/renderer/render-console';

/*
 * Issue 14: the Queued actions view says main's notes on queued actions in the window's language.
 * The queue file is written in the user-data folder of a real main process with entries in each
 * state the queue's own state changes produce (electron/core/fleet/queued-action-states.ts); the
 * real ActionQueue reads it and the dialog shows it in French.
 */

const SENT_AT = '2026-11-30T12:00:00.000Z';
const row = { uuid: '', host: '', progress: null, message: '' } as const;

/** Host name → the French sentence its message cell must show. */
const expected = new Map<string, string>();
const entries: QueuedAction[] = [
  cancelledEntry(waitingEntry(1)),
  expiredEntry(waitingEntry(2)),
  sentEntry(waitingEntry(3), SENT_AT),
  withChange(sentEntry(waitingEntry(4), SENT_AT), outcomeOf({ ...row, state: 'CANCELLED' })),
  withChange(
    sentEntry(waitingEntry(5), SENT_AT),
    outcomeOf({
      ...row,
      state: 'TIMEOUT',
      message: 'no outcome from the agent within 10 min',
      note: { step: 'hostAction.NO_OUTCOME', params: { amount: 10, unit: 'min' } },
    }),
  ),
  withChange(
    sentEntry(waitingEntry(6), SENT_AT),
    outcomeOf({ ...row, state: 'OK', message: 'Mise à jour OK' }),
  ),
];
expected.set('host-1.corp.lan', fr['progress.actionQueue.CANCELLED']);
expected.set('host-2.corp.lan', fr['progress.actionQueue.EXPIRED']);
expected.set('host-3.corp.lan', fr['progress.actionQueue.SENT']);
expected.set('host-4.corp.lan', fr['progress.actionQueue.OUTCOME_UNKNOWN']);
// A sent entry's outcome keeps the host action's own code (the unit symbol as main sends it).
expected.set('host-5.corp.lan', 'aucun résultat de l’agent en 10 min');
// The agent's own summary is shown as the agent wrote it.
expected.set('host-6.corp.lan', 'Mise à jour OK');

let main: MainProcess;
beforeAll(async () => {
  main = await startMainProcess();
  writeFileSync(
    path.join(main.userDataDir, 'host-action-queue.json'),
    `${JSON.stringify({ schemaVersion: 1, entries }, null, 2)}\n`,
  );
});
afterAll(async () => {
  await main?.stop();
});

describe('Queued actions view', () => {
  it("shows each of main's notes in French, never main's English", async () => {
    renderInConsole(<QueuedActionsDialog onClose={vi.fn()} />, main, { language: 'fr' });
    const table = await screen.findByTestId('queued-actions');
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(entries.length);
    const shown = new Map(
      rows.map((r) => {
        const cells = within(r).getAllByRole('cell');
        return [cells[1]!.textContent, within(r).getByTestId('queued-action-message').textContent];
      }),
    );
    expect(shown).toEqual(expected);
    const english = [
      en['progress.actionQueue.CANCELLED'],
      en['progress.actionQueue.EXPIRED'],
      en['progress.actionQueue.SENT'],
      en['progress.actionQueue.OUTCOME_UNKNOWN'],
    ];
    for (const text of shown.values()) expect(english).not.toContain(text);
  });
});
