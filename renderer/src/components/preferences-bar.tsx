import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Settings } from '../../../common/ipc/contract';
import { useI18n } from '../i18n/i18n';
import { useApi } from '../platform/api-client';
import { coreKeys } from '../queries/core';

/** Language and theme, saved in the user's settings so they survive a restart. */
export function PreferencesBar({ settings }: { settings: Settings }) {
  const api = useApi();
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const update = useMutation({
    mutationFn: (patch: Partial<Settings>) => api.call('settings.update', patch),
    onMutate: (patch) =>
      queryClient.setQueryData<Settings>(coreKeys.settings, (old) => (old ? { ...old, ...patch } : old)),
    onSuccess: (saved) => queryClient.setQueryData(coreKeys.settings, saved),
  });
  return (
    <div className="prefs">
      <label className="prefs__item">
        <span>{t('shell.language')}</span>
        <select
          name="language"
          value={settings.language}
          onChange={(e) => update.mutate({ language: e.target.value as Settings['language'] })}
        >
          <option value="system">{t('shell.theme.system')}</option>
          <option value="en">English</option>
          <option value="fr">Français</option>
        </select>
      </label>
      <label className="prefs__item">
        <span>{t('shell.theme')}</span>
        <select
          name="theme"
          value={settings.theme}
          onChange={(e) => update.mutate({ theme: e.target.value as Settings['theme'] })}
        >
          <option value="system">{t('shell.theme.system')}</option>
          <option value="light">{t('shell.theme.light')}</option>
          <option value="dark">{t('shell.theme.dark')}</option>
        </select>
      </label>
    </div>
  );
}
