import path from 'node:path';
import type { AppInfo } from '../common/ipc/contract';
import { AgentBuildService } from './core/agent-build/agent-build-service';
import { appVersion } from './core/app-version';
import { HostActionsService } from './core/fleet/host-actions';
import { ActionQueue } from './core/fleet/action-queue';
import { AuditService } from './core/fleet/audit-service';
import { HostsService } from './core/fleet/hosts-service';
import { FleetWuaScan } from './core/fleet/wua-fleet-scan';
import { UpdatesService } from './core/fleet/updates-service';
import { JobRegistry } from './core/jobs/job-registry';
import { AdminKeyService } from './core/keys/admin-key-service';
import { KeyCreationService } from './core/keys/key-creation-service';
import { INTENT_HOSTS } from './core/links/link-intents';
import { checkExternalUrl } from './core/links/safe-url';
import {
  type Clock,
  type CloseGuardPort,
  type DemoServerLauncher,
  type ExternalLinks,
  type Logger,
  type PathPicker,
  type SecretStore,
  systemClock,
} from './core/ports';
import { ProfilesService } from './core/session/profiles-service';
import { SessionService } from './core/session/session-service';
import { sessionCapabilities } from './core/session/feature-guard';
import { RulesDraftsStore } from './core/wua/drafts-store';
import { WuaRulesService } from './core/wua/rules-service';
import { saveGroup, listGroups, type GroupSave } from './core/hostpkg/group-package';
import { HostPackagesService } from './core/hostpkg/host-packages-service';
import { RepositoryService } from './core/repo/repository-service';
import { PackageSignatureService } from './core/repo/signature-status';
import { loadTrustedCertificates } from '../wapt/signing/trusted-store';
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
  /** The OS's file/folder dialogs (Electron only): the one way the agent build's tool paths are chosen in the app. */
  pathPicker?: PathPicker;
  /** Ends the app; called after the answer to `app.quit` has been sent. */
  quit?: () => void;
  /** The main window's close guard (Electron); elsewhere there is no window to hold back. */
  closeGuard?: CloseGuardPort;
  /** How often queued host actions look for their hosts (ms; 0 = only when asked). Default 30 s. */
  actionQueueCheckMs?: number;
}

/** Everything the handlers use, built from ports: the same in Electron, browser mode and tests. */
export function createCore(deps: CoreDeps) {
  const clock = deps.clock ?? systemClock;
  const settings = JsonSettingsStore.inDirectory(deps.userDataDir, deps.log);
  const session = new SessionService(deps.log);
  const jobs = new JobRegistry(clock, deps.log);
  const adminKey = new AdminKeyService(settings);
  const client = () => session.connectedClient();
  // Every service picks its strategy from what the connected server offers (docs/server-capabilities.md).
  const caps = sessionCapabilities(session);
  const fleetScan = new FleetWuaScan(client, caps, jobs);
  const computedCounts = () => fleetScan.snapshot();
  const updates = new UpdatesService(client, caps, computedCounts);
  const actions = new HostActionsService(
    () => session.connectedClient(),
    () => adminKey.requireSigner(),
    jobs,
    caps,
    async () => (await settings.getSettings()).hostActionTimeoutMinutes,
  );
  // Actions for offline hosts, sent when they connect while the console runs (docs/host-actions.md).
  const actionQueue = new ActionQueue(deps.userDataDir, actions, client, clock, deps.log);
  actionQueue.watch(deps.actionQueueCheckMs);
  // Trusted store of the repository tab: the administrator's certificate + the server's signers.
  const repository = new RepositoryService(
    client,
    async () => {
      const p = (await adminKey.status()).certificatePath;
      return p === null ? [] : loadTrustedCertificates([p]);
    },
    () => clock.now(),
  );
  return {
    log: deps.log,
    secrets: deps.secrets,
    settings,
    adminKey,
    keyCreation: new KeyCreationService(adminKey, deps.pathPicker),
    session,
    profiles: new ProfilesService(settings, deps.secrets, session),
    hosts: new HostsService(client, caps, computedCounts),
    updates,
    audit: new AuditService(updates),
    fleetScan,
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
      saveTools: async (patch) => {
        await settings.updateSettings(patch);
      },
      ...(deps.pathPicker ? { pathPicker: deps.pathPicker } : {}),
    }),
    actions,
    actionQueue,
    wuaRules: new WuaRulesService(
      () => session.connectedClient(),
      () => adminKey.requireSigner(),
      async () => {
        const c = (await adminKey.status()).certificate;
        return c ? { cn: c.cn, fingerprint: c.fingerprintSha256 } : null;
      },
      () => clock.now(),
      caps,
    ),
    wuaRulesDrafts: new RulesDraftsStore(path.join(deps.userDataDir, 'wua-drafts')),
    hostPackages: new HostPackagesService(client, () => adminKey.requireSigner(), jobs),
    groups: {
      list: () => listGroups(client()),
      save: (g: GroupSave) => saveGroup(client(), adminKey.requireSigner(), g),
    },
    repository,
    // The package grids' signature status column, against the same trusted store (docs/repository.md).
    packageSignatures: new PackageSignatureService(
      client,
      () => repository.trustedStore(),
      () => clock.now(),
    ),
    demoServer: deps.demoServer,
    links: {
      /** Vetted and pinned to the hosts intents resolve to, whatever the adapter does. */
      open: (url: string) => deps.links.open(checkExternalUrl(url, { pinnedHosts: INTENT_HOSTS })),
    },
    quit: () => {
      // Let the IPC/HTTP answer leave before the process goes away.
      setTimeout(() => deps.quit?.(), 50);
    },
    closeGuard: deps.closeGuard ?? { setUnsaved: () => undefined, answer: () => undefined },
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
