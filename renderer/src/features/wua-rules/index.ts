export { WuaRulesTab } from './wua-rules-tab';
export { ExplainDialog, useExplain } from './explain-dialog';
