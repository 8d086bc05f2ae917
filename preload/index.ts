import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge';

// Sandboxed preload: bundled into one file (scripts/build.mjs). Exposes exactly one object.
contextBridge.exposeInMainWorld(
  'consoleBridge',
  createBridge({
    invoke: (method, input) => ipcRenderer.invoke(method, input),
    subscribe(event, listener) {
      const channel = `event:${event}`;
      const wrapped = (_e: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  }),
);
