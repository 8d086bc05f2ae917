import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { AppInfo, SessionStatus, Settings } from '../../../../common/ipc/contract';
import { PreferencesBar } from '../../components/preferences-bar';
import { Tabs, type TabDef } from '../../components/tabs';
import { TabErrorBoundary } from '../../components/error-boundary';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys } from '../../queries/core';
import { forgetServerData } from '../../queries/refresh';
import { AuditTab } from '../audit/audit-tab';
import { HostsTab } from '../hosts/hosts-tab';
import { AgentTab } from '../agent/agent-tab';
import { KeyBadge } from '../keys/key-badge';
import { WuaNotOffered } from '../capabilities/server-features';
import { WindowsUpdatesTab } from '../windows-updates/windows-updates-tab';
import { WuaRulesTab } from '../wua-rules';
import { RepositoryTab } from '../repository';
import { CommandPalette } from '../../commands/command-palette';
import { CommandRegistryProvider, useCommandShell } from '../../commands/command-registry';
import { useReadOnly } from '../audit/read-only';
import { useShellCommands } from './shell-commands';
import { useDraftStore } from '../../forms/draft-store';
import { useUnsavedGuard } from '../../forms/unsaved-guard';

type TabKey = 'hosts' | 'windowsUpdates' | 'wuaRules' | 'repository' | 'agent' | 'audit';

interface ShellProps {
  appInfo: AppInfo;
  session: SessionStatus;
  settings: Settings;
}

/** The connected console. Its features register their actions for the command palette here. */
export function AppShell(props: ShellProps) {
  return (
    <CommandRegistryProvider>
      <ShellView {...props} />
    </CommandRegistryProvider>
  );
}

function ShellView({ appInfo, session, settings }: ShellProps) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<TabKey>('hosts');
  const disconnect = useMutation({
    mutationFn: () => api.call('session.disconnect', {}),
    onSuccess: (status) => {
      // Server data goes; the session query stays (its observer must see the new status).
      forgetServerData(queryClient);
      queryClient.setQueryData(coreKeys.session, status);
      // Typed drafts go with the session (memory only: renderer/src/forms/draft-store.tsx).
      drafts.clear();
    },
  });
  // Disconnect and Quit (Ctrl+Q, the palette) ask first while a form holds unsaved changes (Stay
  // is the default). Closing the window asks through forms/quit-guard.tsx.
  const drafts = useDraftStore();
  const unsaved = useUnsavedGuard();
  const leave = () => unsaved.guard(() => disconnect.mutate());
  const quit = () => unsaved.guard(() => void api.call('app.quit', {}), { quitting: true });

  // Windows updates exist only on an Enterprise server (docs/server-capabilities.md): elsewhere
  // their tabs say so in one sentence instead of showing route errors.
  const caps = session.capabilities;
  const wua = (render: () => ReactNode) => (caps && !caps.wua ? () => <WuaNotOffered caps={caps} /> : render);
  const tabs: TabDef<TabKey>[] = [
    { key: 'hosts', label: t('shell.tabs.hosts'), render: () => <HostsTab /> },
    {
      key: 'windowsUpdates',
      label: t('shell.tabs.windowsUpdates'),
      render: wua(() => <WindowsUpdatesTab />),
    },
    { key: 'wuaRules', label: t('shell.tabs.wuaRules'), render: wua(() => <WuaRulesTab />) },
    { key: 'agent', label: t('shell.tabs.agent'), render: () => <AgentTab /> },
    { key: 'audit', label: t('shell.tabs.audit'), render: wua(() => <AuditTab />) },
    // Last, so the Ctrl+1…5 shortcuts of the other tabs stay as they were (Ctrl+6 here).
    { key: 'repository', label: t('shell.tabs.repository'), render: () => <RepositoryTab /> },
  ];

  // Every tab's commands are in the palette wherever the user is (commands/command-catalogue.ts):
  // their rules read the session and the key, and running one switches to its tab first.
  const readOnly = useReadOnly();
  useCommandShell(tab, setTab, {
    wua: caps ? caps.wua : null,
    edition: caps && caps.edition !== 'unknown' ? caps.edition : null,
    readOnly,
  });

  // One definition per shell action for these keys and the command palette (shell-commands.ts).
  const shell = useShellCommands({
    tabs,
    setTab,
    disconnect: leave,
    disconnecting: disconnect.isPending,
    quit,
  });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // F5 refreshes the data, as in the WAPT console, instead of reloading the page.
      if (e.key === 'F5' && !e.ctrlKey) {
        e.preventDefault();
        shell.refresh();
      }
      // F1 online help and Ctrl+Q quit, as in the WAPT console (docs/console-shortcuts.md).
      if (e.key === 'F1') {
        e.preventDefault();
        shell.openHelp();
      }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'q') {
        e.preventDefault();
        shell.quit();
      }
      if ((e.ctrlKey || e.metaKey) && /^[1-9]$/.test(e.key)) {
        const target = tabs[Number(e.key) - 1];
        if (target) {
          e.preventDefault();
          setTab(target.key);
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="shell">
      <header className="shell__header">
        <span className="shell__brand">{t('app.title')}</span>
        <span className="shell__session" data-testid="session-info">
          {t('shell.connectedAs', { user: session.user ?? '?', server: session.serverUrl ?? '?' })}
          {session.serverVersion && (
            <span className="badge">{t('shell.serverVersion', { version: session.serverVersion })}</span>
          )}
          {session.edition && (
            <span className="badge">{t('shell.edition', { edition: session.edition })}</span>
          )}
          {session.hostsCount !== null && (
            <span className="badge">{t('shell.hostsCount', { count: session.hostsCount })}</span>
          )}
          {session.insecure && <span className="badge badge--warn">{t('shell.insecure')}</span>}
        </span>
        <span className="shell__spacer" />
        <KeyBadge />
        <PreferencesBar settings={settings} />
        <button type="button" className="btn btn--ghost" onClick={leave} disabled={disconnect.isPending}>
          {t('shell.disconnect')}
        </button>
      </header>
      {/* A tab that throws while rendering shows its own error panel; the others keep working. */}
      <Tabs
        tabs={tabs.map((d) => ({
          ...d,
          render: () => (
            <TabErrorBoundary key={d.key} what={d.label}>
              {d.render()}
            </TabErrorBoundary>
          ),
        }))}
        active={tab}
        onChange={setTab}
        label={t('app.title')}
      />
      <footer className="shell__footer">
        {t('app.version', { version: appInfo.version })} ·{' '}
        {t(appInfo.mode === 'electron' ? 'app.mode.electron' : 'app.mode.browser')}
      </footer>
      <CommandPalette />
      {unsaved.dialog}
    </div>
  );
}
