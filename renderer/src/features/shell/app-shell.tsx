import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { AppInfo, SessionStatus, Settings } from '../../../../common/ipc/contract';
import { PreferencesBar } from '../../components/preferences-bar';
import { Tabs, type TabDef } from '../../components/tabs';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys } from '../../queries/core';
import { requestRefresh } from '../../refresh';
import { AuditTab } from '../audit/audit-tab';
import { HostsTab } from '../hosts/hosts-tab';
import { AgentTab } from '../agent/agent-tab';
import { KeyBadge } from '../keys/key-badge';
import { WuaNotOffered } from '../capabilities/server-features';
import { WindowsUpdatesTab } from '../windows-updates/windows-updates-tab';
import { WuaRulesTab } from '../wua-rules';
import { RepositoryTab } from '../repository';

type TabKey = 'hosts' | 'windowsUpdates' | 'wuaRules' | 'repository' | 'agent' | 'audit';

export function AppShell({
  appInfo,
  session,
  settings,
}: {
  appInfo: AppInfo;
  session: SessionStatus;
  settings: Settings;
}) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<TabKey>('hosts');
  const disconnect = useMutation({
    mutationFn: () => api.call('session.disconnect', {}),
    onSuccess: (status) => {
      // Server data goes; the session query stays (its observer must see the new status).
      queryClient.removeQueries({
        predicate: (q) => !['app', 'settings', 'session'].includes(String(q.queryKey[0])),
      });
      queryClient.setQueryData(coreKeys.session, status);
    },
  });

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

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // F5 refreshes the data, as in the WAPT console, instead of reloading the page.
      if (e.key === 'F5' && !e.ctrlKey) {
        e.preventDefault();
        void queryClient.invalidateQueries({
          predicate: (q) => q.queryKey[0] !== 'app' && q.queryKey[0] !== 'settings',
        });
        requestRefresh();
      }
      // F1 online help and Ctrl+Q quit, as in the WAPT console (console-features.md §1.G).
      if (e.key === 'F1') {
        e.preventDefault();
        void api.call('links.open', { kind: 'docs' }).then(({ opened, url }) => {
          // Browser mode: main only vets the link; the tab opens it.
          if (!opened) window.open(url, '_blank', 'noopener,noreferrer');
        });
      }
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'q') {
        e.preventDefault();
        void api.call('app.quit', {});
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
        <button
          type="button"
          className="btn btn--ghost"
          onClick={() => disconnect.mutate()}
          disabled={disconnect.isPending}
        >
          {t('shell.disconnect')}
        </button>
      </header>
      <Tabs tabs={tabs} active={tab} onChange={setTab} label={t('app.title')} />
      <footer className="shell__footer">
        {t('app.version', { version: appInfo.version })} ·{' '}
        {t(appInfo.mode === 'electron' ? 'app.mode.electron' : 'app.mode.browser')}
      </footer>
    </div>
  );
}
