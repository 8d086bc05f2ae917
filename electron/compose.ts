import path from 'node:path';
import type { AppInfo } from '../common/ipc/contract';
import { AgentBuildService } from './core/agent-build/agent-build-service';
import { appVersion } from './core/app-version';
import { HostActionsService } from './core/fleet/host-actions';
import { AuditService } from './core/fleet/audit-service';
import { HostsService } from './core/fleet/hosts-service';
import { UpdatesService } from './core/fleet/updates-service';
import { JobRegistry } from './core/jobs/job-registry';
import { AdminKeyService } from './core/keys/admin-key-service';
import { INTENT_HOSTS } from './core/links/link-intents';
import { checkExternalUrl } from './core/links/safe-url';
import {
  type Clock,
  type DemoServerLauncher,
  type ExternalLinks,
  type Logger,
  type SecretStore,
  systemClock,
} from './core/ports';
import { ProfilesService } from './core/session/profiles-service';
import { SessionService } from './core/session/session-service';
import { RulesDraftsStore } from './core/wua/drafts-store';
import { WuaRulesService } from './core/wua/rules-service';
import { JsonSettingsStore } from './core/settings/json-settings-store';

export interface CoreDeps {
  mode: AppInfo['mode'];
  userDataDir: string;
  log: Logger;
  secrets: SecretStore;
  links: ExternalLinks;
  clock?: Clock;
  electronVersion?: string | null;
  demoServer?: DemoServerLauncher;
  /** Ends the app; called after the answer to `app.quit` has been sent. */
  quit?: () => void;
}

/** Everything the handlers use, built from ports: the same in Electron, browser mode and tests. */
export function createCore(deps: CoreDeps) {
  const clock = deps.clock ?? systemClock;
  const settings = JsonSettingsStore.inDirectory(deps.userDataDir, deps.log);
  const session = new SessionService(deps.log);
  const jobs = new JobRegistry(clock);
  const adminKey = new AdminKeyService(settings);
  const updates = new UpdatesService(() => session.connectedClient());
  return {
    log: deps.log,
    secrets: deps.secrets,
    settings,
    adminKey,
    session,
    profiles: new ProfilesService(settings, deps.secrets, session),
    hosts: new HostsService(() => session.connectedClient()),
    updates,
    audit: new AuditService(updates),
    jobs,
    agentBuild: new AgentBuildService({
      dataDir: path.join(deps.userDataDir, 'agent-build'),
      jobs,
      log: deps.log,
      client: () => session.requireClient(),
      adminKey,
      tools: async () => {
        const { isccPath, waptBaseDir } = await settings.getSettings();
        return { isccPath, waptBaseDir };
      },
    }),
    actions: new HostActionsService(
      () => session.connectedClient(),
      () => adminKey.requireSigner(),
      jobs,
    ),
    wuaRules: new WuaRulesService(
      () => session.connectedClient(),
      () => adminKey.requireSigner(),
      async () => {
        const c = (await adminKey.status()).certificate;
        return c ? { cn: c.cn, fingerprint: c.fingerprintSha256 } : null;
      },
      () => clock.now(),
    ),
    wuaRulesDrafts: new RulesDraftsStore(path.join(deps.userDataDir, 'wua-drafts')),
    demoServer: deps.demoServer,
    links: {
      /** Vetted and pinned to the hosts intents resolve to, whatever the adapter does. */
      open: (url: string) => deps.links.open(checkExternalUrl(url, { pinnedHosts: INTENT_HOSTS })),
    },
    quit: () => {
      // Let the IPC/HTTP answer leave before the process goes away.
      setTimeout(() => deps.quit?.(), 50);
    },
    appInfo: (): AppInfo => ({
      name: 'WAPT Console',
      version: appVersion(),
      mode: deps.mode,
      platform: process.platform,
      nodeVersion: process.versions.node,
      electronVersion: deps.electronVersion ?? null,
      demoServerAvailable: deps.demoServer !== undefined,
    }),
  };
}

export type Core = ReturnType<typeof createCore>;
