import type { EventName } from '../common/ipc/contract';
import type { WireResult } from '../common/ipc/wire';
import { createBridge, type BridgeTransport } from './bridge';

/**
 * Browser mode's counterpart of the Electron preload: installs `window.consoleBridge` over the
 * loopback HTTP bridge. The per-launch token arrives in the URL fragment (never sent to a server,
 * never in logs), is kept in sessionStorage for reloads, and is removed from the address bar.
 */
export const TOKEN_HEADER = 'X-Console-Token';
export const CLIENT_HEADER = 'X-Console-Client';
const STORAGE_KEY = 'wapt-console.bridge-token';

function takeToken(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(STORAGE_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(STORAGE_KEY) ?? '';
}

function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Browsers keep at most 64 KiB of `keepalive` request bodies in flight per page, and refuse a
 * request beyond it: only small requests sent while the page is hidden or being left (the last
 * layout save when the tab closes) ask to outlive the page.
 */
const KEEPALIVE_MAX_BODY = 16 * 1024;

/**
 * Set while the page is being left. Why: the HTML unload steps fire `pagehide` before the document
 * becomes hidden, so a save sent from a `pagehide` listener (navigation, reload) still sees
 * "visible"; without `keepalive` Chromium may cancel it with the page (a layout change made just
 * before leaving was lost on a saturated machine). The bridge registers its listener before the
 * interface mounts, so it runs before the interface's own `pagehide` listeners.
 */
let leavingPage = false;
if (typeof window !== 'undefined') {
  window.addEventListener('pagehide', () => (leavingPage = true));
  window.addEventListener('pageshow', () => (leavingPage = false));
}

function outlivesPage(body: string): boolean {
  return (leavingPage || document.visibilityState === 'hidden') && body.length <= KEEPALIVE_MAX_BODY;
}

export function createHttpTransport(token: string, clientId: string): BridgeTransport {
  const headers = { 'Content-Type': 'application/json', [TOKEN_HEADER]: token, [CLIENT_HEADER]: clientId };
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let streaming = false;

  const dispatchEvent = (name: string, data: string) => {
    const set = listeners.get(name as EventName);
    if (!set) return;
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      return;
    }
    for (const l of set) l(payload);
  };

  const stream = async () => {
    streaming = true;
    let delay = 500;
    for (;;) {
      try {
        const res = await fetch('/__bridge/events', { headers, cache: 'no-store' });
        if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
        delay = 500;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let idx;
          while ((idx = buf.indexOf('\n\n')) >= 0) {
            const frame = buf.slice(0, idx);
            buf = buf.slice(idx + 2);
            let name = 'message';
            const data: string[] = [];
            for (const line of frame.split('\n')) {
              if (line.startsWith('event: ')) name = line.slice(7);
              else if (line.startsWith('data: ')) data.push(line.slice(6));
            }
            if (data.length > 0) dispatchEvent(name, data.join('\n'));
          }
        }
      } catch {
        /* reconnect below */
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 10_000);
    }
  };

  return {
    async invoke(method, input): Promise<WireResult<unknown>> {
      let res: Response;
      const body = JSON.stringify({ method, input });
      try {
        res = await fetch('/__bridge/invoke', {
          method: 'POST',
          headers,
          body,
          cache: 'no-store',
          keepalive: outlivesPage(body),
        });
      } catch (err) {
        return {
          ok: false,
          error: {
            code: 'NETWORK',
            message: `the console's local bridge is unreachable (${(err as Error).message})`,
            retryable: true,
          },
        };
      }
      if (res.status === 403 || res.status === 401) {
        return {
          ok: false,
          error: {
            code: 'FORBIDDEN',
            message: 'the local bridge refused this page: open the URL printed by `npm start` again',
            retryable: false,
          },
        };
      }
      try {
        return (await res.json()) as WireResult<unknown>;
      } catch {
        return {
          ok: false,
          error: {
            code: 'INTERNAL',
            message: `the local bridge answered HTTP ${res.status}`,
            retryable: false,
          },
        };
      }
    },
    subscribe(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(listener);
      if (!streaming) void stream();
      return () => listeners.get(event)?.delete(listener);
    },
  };
}

const w = window as unknown as { consoleBridge?: unknown };
if (w.consoleBridge === undefined) {
  Object.defineProperty(window, 'consoleBridge', {
    value: createBridge(createHttpTransport(takeToken(), randomId())),
    writable: false,
    configurable: false,
    enumerable: true,
  });
}
