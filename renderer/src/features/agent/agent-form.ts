import { z } from 'zod';
import type { AgentConfig } from '../../../../common/domain/agent-config';
import { agentBuildMethods } from '../../../../common/ipc/methods/agent-build';
import { codedZodResolver } from '../../forms/coded-zod-resolver';

/**
 * The wizard's form (react-hook-form) and its schema. The rules are the contract's: the `config`
 * of the agent build request (`agent.start`, the same AgentConfig `agent.saveConfig` takes and the
 * CLI reads; field meanings in docs/wapt-agent-build.md). The form holds one field differently, so
 * the form schema is derived here, in this one place, and never restates a rule.
 */

/** The contract's schema of the configuration sent with the build request. */
export const BuildRequestConfig = agentBuildMethods['agent.start'].input.shape.config;

/**
 * Host profiles are typed as one comma-separated line (like WAPT's dialog); the contract wants
 * the list. Empty items are dropped so "a, b," means two profiles.
 */
export function splitProfiles(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** What the form holds: the configuration with the host profiles as the typed line. */
export type AgentFormValues = Omit<AgentConfig, 'appendHostProfiles'> & { appendHostProfiles: string };

/**
 * The form schema: the contract's, with the typed profiles line split and then checked by the
 * contract's own rule for the list (an issue on the 2nd profile has the path
 * `appendHostProfiles.1`). Its output is the configuration the build request takes.
 */
export const AgentFormSchema = BuildRequestConfig.extend({
  appendHostProfiles: z
    .string()
    .transform(splitProfiles)
    .pipe(BuildRequestConfig.shape.appendHostProfiles.unwrap()),
});

/** Compile-time proof that what the form holds is an input the form schema accepts. */
type Accepts<Input, Value extends Input> = Value;
export type AgentFormInputCheck = Accepts<z.input<typeof AgentFormSchema>, AgentFormValues>;

/** The resolver the wizard's useForm runs: issues keep their code and parameters for translation. */
export const agentFormResolver = codedZodResolver<AgentFormValues, AgentConfig>(AgentFormSchema);

/** The form's starting values from a saved (or default) configuration. */
export function toFormValues(config: AgentConfig): AgentFormValues {
  return { ...config, appendHostProfiles: config.appendHostProfiles.join(', ') };
}

/**
 * The form's values as a configuration, not validated: what the live preview and the issues list
 * send or check while the person types (they must also show an invalid draft).
 */
export function toConfigDraft(values: AgentFormValues): AgentConfig {
  return { ...values, appendHostProfiles: splitProfiles(values.appendHostProfiles) };
}
