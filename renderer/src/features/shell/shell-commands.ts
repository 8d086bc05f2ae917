import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { Settings } from '../../../../common/ipc/contract';
import { useRegisterCommands, type Command } from '../../commands/command-registry';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys } from '../../queries/core';
import { useRefresh } from '../../refresh';

/**
 * The shell's own actions, one definition for the keyboard (app-shell's key handler calls these
 * functions) and the command palette: tab switches (Ctrl+1…), refresh (F5), help (F1), language,
 * theme, disconnect, quit (Ctrl+Q). WAPT's console binds F5, F1 and Ctrl+Q the same way
 * (docs/console-shortcuts.md).
 */
export function useShellCommands<K extends string>({
  tabs,
  setTab,
  disconnect,
  disconnecting,
  quit,
}: {
  tabs: readonly { key: K; label: string }[];
  setTab: (k: K) => void;
  disconnect: () => void;
  disconnecting: boolean;
  /** Asks first while a form holds unsaved changes, as Disconnect does (app-shell.tsx). */
  quit: () => void;
}) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();

  // F5: everything from the server is read again, server-paged grids included (refresh.ts).
  const refreshKeys = useRefresh();
  const refresh = useCallback(() => void refreshKeys(), [refreshKeys]);
  const openHelp = useCallback(() => {
    void api.call('links.open', { kind: 'docs' }).then(({ opened, url }) => {
      // Browser mode: main only vets the link; the tab opens it.
      if (!opened) window.open(url, '_blank', 'noopener,noreferrer');
    });
  }, [api]);
  const updateSettings = useMutation({
    mutationFn: (patch: Partial<Settings>) => api.call('settings.update', patch),
    onMutate: (patch) =>
      queryClient.setQueryData<Settings>(coreKeys.settings, (old) => (old ? { ...old, ...patch } : old)),
    onSuccess: (saved) => queryClient.setQueryData(coreKeys.settings, saved),
  });
  const mutateSettings = updateSettings.mutate;

  const general = t('palette.group.general');
  const commands = useMemo<Command[]>(
    () => [
      ...tabs.map((tab, i) => ({
        id: `shell.tab.${tab.key}`,
        label: t('palette.goToTab', { tab: tab.label }),
        group: general,
        ...(i < 9 ? { shortcut: `Ctrl+${i + 1}` } : {}),
        run: () => setTab(tab.key),
      })),
      { id: 'shell.refresh', label: t('grid.refresh'), group: general, shortcut: 'F5', run: refresh },
      ...(['en', 'fr', 'system'] as const).map((language) => ({
        id: `shell.language.${language}`,
        label: t('palette.language', {
          language: language === 'en' ? 'English' : language === 'fr' ? 'Français' : t('shell.theme.system'),
        }),
        group: general,
        run: () => mutateSettings({ language }),
      })),
      ...(['light', 'dark', 'system'] as const).map((theme) => ({
        id: `shell.theme.${theme}`,
        label: t('palette.theme', { theme: t(`shell.theme.${theme}`) }),
        group: general,
        run: () => mutateSettings({ theme }),
      })),
      { id: 'shell.help', label: t('palette.help'), group: general, shortcut: 'F1', run: openHelp },
      {
        id: 'shell.disconnect',
        label: t('shell.disconnect'),
        group: general,
        disabledReason: disconnecting ? t('palette.reason.disconnecting') : null,
        run: disconnect,
      },
      { id: 'shell.quit', label: t('palette.quit'), group: general, shortcut: 'Ctrl+Q', run: quit },
    ],
    [tabs, t, general, setTab, refresh, mutateSettings, openHelp, disconnect, disconnecting, quit],
  );
  useRegisterCommands(commands, 0);
  return { refresh, openHelp, quit };
}
