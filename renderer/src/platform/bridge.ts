import type { ConsoleBridge } from '../../../common/ipc/contract';

/** The ONLY place that reads window.consoleBridge (installed by the preload or by browser mode's web bridge). */
export function getBridge(): ConsoleBridge | undefined {
  return (window as unknown as { consoleBridge?: ConsoleBridge }).consoleBridge;
}
