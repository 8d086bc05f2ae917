import type { Core } from '../../compose';
import type { Handlers } from '../dispatch';

type WuaRulesMethod =
  | 'wuaRules.list'
  | 'wuaRules.get'
  | 'wuaRules.hosts'
  | 'wuaRules.preview'
  | 'wuaRules.save'
  | 'wuaRules.explain'
  | 'wuaRules.listDrafts'
  | 'wuaRules.saveDraft'
  | 'wuaRules.deleteDraft';

export const wuaRulesHandlers = (core: Core): Pick<Handlers, WuaRulesMethod> => ({
  'wuaRules.list': (q) => core.wuaRules.list(q),
  'wuaRules.get': ({ package: pkg, version }) => core.wuaRules.get(pkg, version),
  'wuaRules.hosts': ({ package: pkg }) => core.wuaRules.hosts(pkg),
  'wuaRules.preview': (d) => core.wuaRules.preview(d),
  'wuaRules.save': (d) => core.wuaRules.save(d),
  'wuaRules.explain': ({ hostUuid, updateId }) => core.wuaRules.explain(hostUuid, updateId),
  'wuaRules.listDrafts': () => core.wuaRulesDrafts.list(),
  'wuaRules.saveDraft': ({ id, draft }) => core.wuaRulesDrafts.save(id, draft),
  'wuaRules.deleteDraft': ({ id }) => core.wuaRulesDrafts.delete(id),
});
