import type { In } from '../../../common/ipc/contract';

/** Hosts the intents below may resolve to; safe-links pins to this list. */
export const INTENT_HOSTS = ['support.microsoft.com', 'www.wapt.fr'] as const;

/** The renderer asks for an intent; only main turns it into a URL (it never passes a URL through). */
export function intentToUrl(intent: In<'links.open'>): string {
  switch (intent.kind) {
    case 'kb':
      return `https://support.microsoft.com/help/${intent.kb.replace(/^KB/i, '')}`;
    case 'docs':
      return 'https://www.wapt.fr/en/doc/';
  }
}
