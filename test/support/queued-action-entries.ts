import type { QueuedAction } from '../../common/ipc/methods/actions';

/**
 * A queued host action as the queue stores it when it is first queued (WAITING, a day to live):
 * the starting point the queue's own state changes (electron/core/fleet/queued-action-states.ts)
 * are applied to in tests. Host `n` is `host-n.corp.lan` unless `overrides` says otherwise.
 */
export function waitingEntry(n: number, overrides: Partial<QueuedAction> = {}): QueuedAction {
  return {
    id: `e${n}`,
    action: 'update',
    uuid: `u${n}`,
    host: `host-${n}.corp.lan`,
    updateIds: [],
    packages: [],
    queuedAt: '2026-11-30T10:00:00.000Z',
    expiresAt: '2026-12-01T10:00:00.000Z',
    sentAt: null,
    state: 'WAITING',
    message: '',
    ...overrides,
  };
}
