import type { MessageKey } from '../../../i18n/en';

/** The wizard's steps, in order (WAPT's "Build the agent" dialog groups its fields the same way). */
export const STEPS = ['certificates', 'server', 'agent', 'wua', 'build'] as const;
export type Step = (typeof STEPS)[number];

export const stepLabel = (step: Step): MessageKey => `agent.step.${step}`;
