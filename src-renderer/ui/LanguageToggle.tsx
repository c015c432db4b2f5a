import { useI18n, useT } from '../app/i18n/i18n.js';

export function LanguageToggle() {
  const t = useT();
  const { locale, setLocale } = useI18n();
  return (
    <button type="button" className="link-button" title={t('app.languageLabel')} onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}>
      {t('app.language')}
    </button>
  );
}
