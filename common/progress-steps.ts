/**
 * Progress steps main reports for long jobs, as codes + parameters so the window says them in the
 * user's language (`progress.<STEP>` in renderer/src/i18n/main-messages.*.ts); the English
 * `message` sent alongside stays for the CLI's output and the log. Each step lists the parameters
 * every report of it sends (test/common/error-reasons.test.ts checks the catalogues use no
 * other).
 */
export const PROGRESS_STEPS = {
  // The agent build (electron/core/agent-build/build-agent.ts), in order.
  'agentBuild.PREPARE': [],
  'agentBuild.TEMPLATE_INSTALLATION': ['file'],
  'agentBuild.TEMPLATE_BUNDLED': ['file'],
  'agentBuild.WINE_PREFIX': [],
  'agentBuild.WINE_READY': [],
  'agentBuild.CHECK_PACKED': [],
  'agentBuild.PACKED_CLEAN': ['count'],
  'agentBuild.COMPILE': [],
  'agentBuild.AUTHENTICODE': [],
  'agentBuild.NOT_AUTHENTICODE': [],
  'agentBuild.SHA256': [],
  'agentBuild.WAPTUPGRADE': ['name'],
  'agentBuild.CHECK_OUTPUTS': [],
  'agentBuild.DONE': [],
  // Its upload (electron/core/agent-build/agent-build-service.ts).
  'agentBuild.UPLOAD': ['file'],
  // What main itself says in a host's row of a host action (electron/core/fleet/host-actions.ts);
  // the agent's own task summaries are shown as the agent wrote them.
  'hostAction.AGENT_REFUSED': [],
  'hostAction.NOT_CONNECTED': [],
  'hostAction.CANCELLED': [],
  'hostAction.HOST_DISCONNECTED': [],
  'hostAction.UNKNOWN_HOST': [],
  'hostAction.TASK_GONE': [],
  'hostAction.DONE': [],
  'hostAction.TASK_FAILED': [],
  'hostAction.CANCELLED_ON_HOST': [],
  'hostAction.NO_OUTCOME': ['amount', 'unit'],
  // A queued host action's own state (electron/core/fleet/action-queue.ts); its outcome once sent
  // carries the host action's step or error.
  'actionQueue.CANCELLED': [],
  'actionQueue.EXPIRED': [],
  'actionQueue.SENT': [],
  'actionQueue.OUTCOME_UNKNOWN': [],
  // A host's row when editing host packages (electron/core/hostpkg/host-packages-service.ts).
  'hostPackage.UPLOADED': ['version'],
  'hostPackage.CREATED': ['version'],
  'hostPackage.UNCHANGED': [],
  'hostPackage.CANCELLED': [],
} as const satisfies Record<string, readonly string[]>;

export type ProgressStep = keyof typeof PROGRESS_STEPS;
export type StepParams = Record<string, string | number>;
