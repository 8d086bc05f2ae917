import { isEventName, isMethod, type ConsoleBridge, type EventName } from '../common/ipc/contract';
import type { WireResult } from '../common/ipc/wire';

/** How a bridge reaches main: Electron IPC in the preload, HTTP + server-sent events in browser mode. */
export interface BridgeTransport {
  invoke(method: string, input: unknown): Promise<WireResult<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): () => void;
}

export const BRIDGE_VERSION = '1';

/**
 * The one object the renderer sees. Generic and contract-driven: no per-method code, the
 * contract's method and event names are the allowlist, and event listeners receive only the
 * payload (never the IPC event, whose `sender` would expose ipcRenderer).
 */
export function createBridge(transport: BridgeTransport): ConsoleBridge {
  const bridge = {
    invoke(method: string, input: unknown) {
      if (!isMethod(method)) {
        return Promise.resolve({
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `unknown method ${String(method)}`, retryable: false },
        });
      }
      return transport.invoke(method, input);
    },
    on(event: string, listener: (payload: unknown) => void) {
      if (!isEventName(event)) throw new Error(`unknown event ${String(event)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      return transport.subscribe(event, (payload) => listener(payload));
    },
    version: BRIDGE_VERSION,
  };
  return Object.freeze(bridge) as unknown as ConsoleBridge;
}
