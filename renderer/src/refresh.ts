import { useEffect } from 'react';

const EVENT = 'wapt-console:refresh';

/** F5 (and the toolbar buttons) ask every visible grid to reload, including server-paged ones the query cache does not hold. */
export function requestRefresh(): void {
  window.dispatchEvent(new Event(EVENT));
}

export function useRefreshSignal(onRefresh: () => void): void {
  useEffect(() => {
    window.addEventListener(EVENT, onRefresh);
    return () => window.removeEventListener(EVENT, onRefresh);
  }, [onRefresh]);
}
