import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

type AgentBuildMethod =
  | 'agent.loadConfig'
  | 'agent.saveConfig'
  | 'agent.addCertificate'
  | 'agent.inspectCertificates'
  | 'agent.fetchServerCertificate'
  | 'agent.preview'
  | 'agent.start'
  | 'agent.outcome'
  | 'agent.upload'
  | 'agent.chooseIscc'
  | 'agent.chooseBaseDir'
  | 'agent.resetTool';

export const agentBuildHandlers = (core: Core): Pick<Handlers, AgentBuildMethod> => ({
  'agent.loadConfig': () => core.agentBuild.loadConfig(),
  'agent.saveConfig': ({ config }) => core.agentBuild.saveConfig(config),
  'agent.addCertificate': ({ fileName, contentBase64 }) =>
    core.agentBuild.addCertificate(fileName, contentBase64),
  'agent.inspectCertificates': ({ paths, includeNonCA }) =>
    core.agentBuild.inspectCertificates(paths, includeNonCA),
  'agent.fetchServerCertificate': ({ url }) => core.agentBuild.fetchServerCertificate(url),
  'agent.preview': ({ config }) => core.agentBuild.preview(config),
  'agent.start': ({ config, password }, ctx) =>
    core.agentBuild.start(config, password, (event, payload) => ctx.emit(event, payload)),
  'agent.outcome': async ({ jobId }) => core.agentBuild.outcome(jobId),
  'agent.chooseIscc': () => core.agentBuild.chooseIscc(),
  'agent.chooseBaseDir': () => core.agentBuild.chooseBaseDir(),
  'agent.resetTool': ({ tool }) => core.agentBuild.resetTool(tool),
  'agent.upload': async ({ jobId }, ctx) =>
    core.agentBuild.upload(jobId, (event, payload) => ctx.emit(event, payload)),
});
