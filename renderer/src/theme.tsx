import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { Settings } from '../../common/ipc/contract';

const ThemeContext = createContext({ dark: false });

function systemPrefersDark(): boolean {
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** Applies the theme to <html data-theme> (CSS variables) and tells grids whether to go dark. */
export function ThemeProvider({
  preference,
  children,
}: {
  preference: Settings['theme'];
  children: ReactNode;
}) {
  const [systemDark, setSystemDark] = useState(systemPrefersDark);
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    const onChange = () => setSystemDark(mq.matches);
    mq?.addEventListener('change', onChange);
    return () => mq?.removeEventListener('change', onChange);
  }, []);
  const dark = preference === 'dark' || (preference === 'system' && systemDark);
  useEffect(() => {
    document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  }, [dark]);
  return <ThemeContext.Provider value={{ dark }}>{children}</ThemeContext.Provider>;
}

export const useTheme = () => useContext(ThemeContext);
