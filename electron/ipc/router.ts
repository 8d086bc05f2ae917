import { ipcMain } from 'electron';
import type { EventName, EventPayload } from '../../common/ipc/contract';
import { METHOD_NAMES } from '../../common/ipc/contract';
import { fail, type WireResult } from '../../common/ipc/wire';
import type { Logger } from '../core/ports';
import type { SenderInfo } from '../security/trusted-sender';
import type { CallContext, Dispatch } from './dispatch';

/** The part of ipcMain the router uses; tests pass a fake. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcEventLike, payload: unknown) => Promise<WireResult<unknown>>,
  ): void;
  removeHandler(channel: string): void;
}

export interface IpcEventLike extends SenderInfo {
  sender: { id: number; send(channel: string, payload: unknown): void; isDestroyed?(): boolean };
}

/** Events travel on channels prefixed so they can never collide with a method channel. */
export const eventChannel = (event: EventName): string => `event:${event}`;

/**
 * Registers one channel per contract method (the contract is the allowlist). Every call is
 * checked for a trusted sender before its input is even parsed.
 */
export function registerIpc(
  ipc: IpcMainLike,
  dispatch: Dispatch,
  isTrusted: (e: SenderInfo) => boolean,
  log: Logger,
): () => void {
  for (const method of METHOD_NAMES) {
    ipc.handle(method, async (event, payload) => {
      if (!isTrusted(event)) {
        log.warn('ipc.rejected-sender', {
          method,
          senderId: event.sender.id,
          url: event.senderFrame?.url ?? null,
        });
        return fail('FORBIDDEN', 'untrusted sender');
      }
      const ctx: CallContext = {
        transport: 'electron',
        emit<E extends EventName>(name: E, body: EventPayload<E>) {
          if (event.sender.isDestroyed?.()) return;
          event.sender.send(eventChannel(name), body);
        },
      };
      return dispatch(method, payload, ctx);
    });
  }
  return () => METHOD_NAMES.forEach((m) => ipc.removeHandler(m));
}

/** The composition root's entry: the only place ipcMain is touched. */
export function registerIpcMain(
  dispatch: Dispatch,
  isTrusted: (e: SenderInfo) => boolean,
  log: Logger,
): () => void {
  return registerIpc(ipcMain, dispatch, isTrusted, log);
}
