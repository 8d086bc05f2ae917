import { describe, expect, it } from 'vitest';
import { AxiosError, AxiosHeaders } from 'axios';
import { ConsoleError } from '../../../common/errors';
import { toApiError } from '../../../electron/core/api/api-error';
import { presentError } from '../../../renderer/src/errors/presenter';
import { translate } from '../../../renderer/src/i18n/i18n';
import type { Translate } from '../../../renderer/src/i18n/i18n';

const t =
  (lang: 'en' | 'fr'): Translate =>
  (key, params) =>
    translate(lang, key, params);

// A throttled login (HTTP 429 + Retry-After, docs/reference-server.md) as the WAPT client maps it.
function throttled(retryAfter?: string): unknown {
  const headers = new AxiosHeaders();
  if (retryAfter !== undefined) headers.set('retry-after', retryAfter);
  const err = new AxiosError('Request failed with status code 429', 'ERR_BAD_REQUEST', undefined, undefined, {
    status: 429,
    statusText: 'Too Many Requests',
    headers,
    config: { headers },
    data: '',
  });
  return toApiError(err, '/api/v3/login');
}

describe('presentError for a throttled login', () => {
  it('says when to try again, in English and French, and offers a retry', () => {
    const err = throttled('30');
    expect(err).toBeInstanceOf(ConsoleError);
    expect(presentError(err, t('en'))).toEqual({
      code: 'SERVER_ERROR',
      retryable: true,
      message: 'Too many attempts: the server refuses more for now. Try again in 30 s.',
    });
    expect(presentError(err, t('fr')).message).toBe(
      'Trop de tentatives : le serveur n’en accepte plus pour l’instant. Réessayez dans 30 s.',
    );
  });

  it('without Retry-After it still names the cause, not a raw endpoint', () => {
    const shown = presentError(throttled(), t('en'));
    expect(shown.message).toBe('Too many attempts: the server refuses more for now. Try again later.');
    expect(shown.message).not.toContain('/api/');
  });
});
