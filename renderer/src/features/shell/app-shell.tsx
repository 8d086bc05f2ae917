import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { AppInfo, SessionStatus, Settings } from '../../../../common/ipc/contract';
import { PreferencesBar } from '../../components/preferences-bar';
import { Tabs, type TabDef } from '../../components/tabs';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { coreKeys } from '../../queries/core';
import { requestRefresh } from '../../refresh';
import { HostsTab } from '../hosts/hosts-tab';
import { NotYet } from '../placeholder/not-yet';

type TabKey = 'hosts' | 'windowsUpdates' | 'wuaRules' | 'agent' | 'audit';

export function AppShell({ appInfo, session, settings }: { appInfo: AppInfo; session: SessionStatus; settings: Settings }) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<TabKey>('hosts');
  const disconnect = useMutation({
    mutationFn: () => api.call('session.disconnect', {}),
    onSuccess: (status) => {
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== 'app' && q.queryKey[0] !== 'settings' });
      queryClient.setQueryData(coreKeys.session, status);
    },
  });

  const tabs: TabDef<TabKey>[] = [
    { key: 'hosts', label: t('shell.tabs.hosts'), render: () => <HostsTab /> },
    { key: 'windowsUpdates', label: t('shell.tabs.windowsUpdates'), render: () => <NotYet /> },
    { key: 'wuaRules', label: t('shell.tabs.wuaRules'), render: () => <NotYet /> },
    { key: 'agent', label: t('shell.tabs.agent'), render: () => <NotYet /> },
    { key: 'audit', label: t('shell.tabs.audit'), render: () => <NotYet /> },
  ];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // F5 refreshes the data, as in the WAPT console, instead of reloading the page.
      if (e.key === 'F5' && !e.ctrlKey) {
        e.preventDefault();
        void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'app' && q.queryKey[0] !== 'settings' });
        requestRefresh();
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
          {session.serverVersion && <span className="badge">{t('shell.serverVersion', { version: session.serverVersion })}</span>}
          {session.insecure && <span className="badge badge--warn">{t('shell.insecure')}</span>}
        </span>
        <span className="shell__spacer" />
        <PreferencesBar settings={settings} />
        <button type="button" className="btn btn--ghost" onClick={() => disconnect.mutate()} disabled={disconnect.isPending}>
          {t('shell.disconnect')}
        </button>
      </header>
      <Tabs tabs={tabs} active={tab} onChange={setTab} label={t('app.title')} />
      <footer className="shell__footer">
        {t('app.version', { version: appInfo.version })} · {t(appInfo.mode === 'electron' ? 'app.mode.electron' : 'app.mode.browser')}
      </footer>
    </div>
  );
}
