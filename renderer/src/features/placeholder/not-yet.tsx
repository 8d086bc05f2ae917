import { useI18n } from '../../i18n/i18n';

export function NotYet() {
  const { t } = useI18n();
  return <p className="empty-state">{t('shell.notYet')}</p>;
}
