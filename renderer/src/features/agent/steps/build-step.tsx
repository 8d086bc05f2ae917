import type { AgentConfig } from '../../../../../common/domain/agent-config';
import { AgentBuildPanel } from '../agent-build-panel';

/** Step 5: the key, the build and the upload (agent-build-panel.tsx). */
export function BuildStep({
  config,
  errors,
  serverUrl,
}: {
  /** The validated configuration; null while the form has errors (the build stays disabled). */
  config: AgentConfig | null;
  errors: number;
  serverUrl: string | null;
}) {
  return <AgentBuildPanel config={config} errors={errors} serverUrl={serverUrl} />;
}
