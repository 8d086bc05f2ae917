import { isAppUrl } from '../../common/security/app-url';

/** The parts of an IpcMainInvokeEvent the trust decision uses (so tests need no Electron). */
export interface SenderInfo {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/**
 * A message is trusted only when it comes from a window we created (known webContents id), from
 * its main frame (no subframe), and from our own app://console/ origin.
 */
export function createTrustedSenderCheck(trustedIds: ReadonlySet<number>) {
  return (e: SenderInfo): boolean =>
    trustedIds.has(e.sender.id) &&
    e.senderFrame !== null &&
    e.senderFrame.parent === null &&
    isAppUrl(e.senderFrame.url);
}
