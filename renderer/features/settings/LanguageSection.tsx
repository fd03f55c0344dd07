import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageChoice } from '../../../shared/settings';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { FieldError } from '../../components/FieldError';
import { preferredLanguages } from '../../i18n';
import { matchLanguage } from '../../i18n/languages';

/**
 * Settings → Language: System (the OS order of languages), English or 简体中文. The
 * interface switches at once (App applies the saved choice); main rebuilds its menus.
 */
export function LanguageSection() {
  const { t } = useTranslation('settings', { keyPrefix: 'language' });
  const settings = useAppStore((state) => state.settings);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  // Each language is named in its own words, so anyone can find theirs.
  const names = { en: t('english'), 'zh-CN': t('chinese') };
  const system = names[matchLanguage(preferredLanguages())];
  const choose = async (value: string) => {
    const parsed = LanguageChoice.safeParse(value);
    if (!parsed.success) return;
    setError(null);
    try {
      await updateSettings({ language: parsed.data });
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };
  return (
    <section className="settings-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('title')}</h2>
      <div className="field inline">
        <label htmlFor={`${id}-choice`} className="field-label">
          {t('label')}
        </label>
        <select
          id={`${id}-choice`}
          value={settings?.language ?? 'system'}
          disabled={!settings}
          aria-describedby={`${id}-hint`}
          onChange={(event) => void choose(event.target.value)}
        >
          <option value="system">{t('system', { language: system })}</option>
          <option value="en" lang="en">
            {names.en}
          </option>
          <option value="zh-CN" lang="zh-CN">
            {names['zh-CN']}
          </option>
        </select>
      </div>
      <p id={`${id}-hint`} className="hint">
        {t('hint')}
      </p>
      <FieldError message={error ?? undefined} id={`${id}-error`} />
    </section>
  );
}
