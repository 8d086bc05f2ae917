import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { HostSearch, SearchScope } from '../../../../common/ipc/methods/hosts';
import { useI18n } from '../../i18n/i18n';
import { useApi } from '../../platform/api-client';
import { hostQueries } from '../../queries/hosts';

export type HostSearchState = Required<Omit<HostSearch, 'groups'>> & { groups: string[] };

export const EMPTY_SEARCH: HostSearchState = {
  text: '',
  scope: 'all',
  not: false,
  hasErrors: false,
  needUpgrade: false,
  connectedOnly: false,
  groups: [],
};

const SCOPES: SearchScope[] = ['all', 'host', 'hardware', 'software', 'packages'];

function validRegex(text: string): boolean {
  try {
    new RegExp(text, 'i');
    return true;
  } catch {
    return false;
  }
}

/** The WAPT console's host search panel (docs/wapt-console-features.md §1.D). Text applies after a short pause or Enter. */
export function HostSearchBar({
  value,
  onChange,
  inputRef,
}: {
  value: HostSearchState;
  onChange: (s: HostSearchState) => void;
  inputRef?: React.RefObject<HTMLInputElement | null>;
}) {
  const { t } = useI18n();
  const api = useApi();
  const groups = useQuery(hostQueries.groups(api));
  const [text, setText] = useState(value.text);
  const valid = validRegex(text);
  useEffect(() => {
    if (!valid || text === value.text) return;
    const timer = setTimeout(() => onChange({ ...value, text }), 350);
    return () => clearTimeout(timer);
  }, [text, valid, value, onChange]);
  const set = (patch: Partial<HostSearchState>) => onChange({ ...value, ...patch });
  return (
    <div className="searchbar" role="search">
      <input
        ref={inputRef}
        name="hostSearch"
        className={valid ? 'searchbar__text' : 'searchbar__text searchbar__text--invalid'}
        aria-label={t('hosts.search.label')}
        aria-invalid={!valid}
        title={valid ? undefined : t('hosts.search.invalidRegex')}
        placeholder={t('hosts.search.placeholder')}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && valid) set({ text });
          if (e.key === 'Escape') setText('');
        }}
      />
      <label className="prefs__item">
        <span>{t('hosts.search.scope')}</span>
        <select
          name="searchScope"
          value={value.scope}
          onChange={(e) => set({ scope: e.target.value as SearchScope })}
        >
          {SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`hosts.search.scope.${s}`)}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="searchNot"
          checked={value.not}
          onChange={(e) => set({ not: e.target.checked })}
        />
        <span>{t('hosts.search.not')}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="hasErrors"
          checked={value.hasErrors}
          onChange={(e) => set({ hasErrors: e.target.checked })}
        />
        <span>{t('hosts.search.hasErrors')}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="needUpgrade"
          checked={value.needUpgrade}
          onChange={(e) => set({ needUpgrade: e.target.checked })}
        />
        <span>{t('hosts.search.needUpgrade')}</span>
      </label>
      <label className="check">
        <input
          type="checkbox"
          name="connectedOnly"
          checked={value.connectedOnly}
          onChange={(e) => set({ connectedOnly: e.target.checked })}
        />
        <span>{t('hosts.search.connectedOnly')}</span>
      </label>
      <label className="prefs__item">
        <span>{t('hosts.search.groups')}</span>
        <select
          name="searchGroup"
          value={value.groups[0] ?? ''}
          onChange={(e) => set({ groups: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">{t('hosts.search.anyGroup')}</option>
          {(groups.data ?? []).map((g) => (
            <option key={g} value={g}>
              {g}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
