import { utilityProcess } from 'electron';
import type { DemoServerSpawner, FromDemoServer } from '../demo-server-protocol';

/**
 * The demo server's child in the Electron app: an Electron utility process (a Node child the app
 * owns, which works with the RunAsNode fuse off, unlike `child_process.fork` of the Electron
 * binary). `entry` is the bundled dist/electron/demo-server-child.cjs.
 */
export function utilityProcessDemoServerSpawner(entry: string): DemoServerSpawner {
  return () => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'WAPT demo server', stdio: 'inherit' });
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    return {
      get pid() {
        return child.pid;
      },
      send: (m) => {
        if (!exited) child.postMessage(m);
      },
      onMessage: (l) => child.on('message', (m: unknown) => l(m as FromDemoServer)),
      onExit: (l) => child.once('exit', (code: number) => l(code)),
      kill: () => {
        if (!exited) child.kill();
      },
    };
  };
}
