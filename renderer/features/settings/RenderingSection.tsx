import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Settings } from '../../../shared/settings';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { FieldError } from '../../components/FieldError';

const concurrencySchema = Settings.shape.concurrency;

export function RenderingSection() {
  const settings = useAppStore((state) => state.settings);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const { t } = useTranslation('settings');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (settings) setText(String(settings.concurrency));
  }, [settings]);

  const save = async (partial: Partial<Settings>) => {
    setError(null);
    setSaved(false);
    try {
      await updateSettings(partial);
      setSaved(true);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  const commitConcurrency = () => {
    const parsed = concurrencySchema.safeParse(text.trim() === '' ? Number.NaN : Number(text));
    if (!parsed.success) {
      setError(t('rendering.runsError'));
      return;
    }
    if (parsed.data !== settings?.concurrency) void save({ concurrency: parsed.data });
  };

  return (
    <section className="settings-section" aria-labelledby="rendering-title">
      <h2 id="rendering-title">{t('rendering.title')}</h2>
      <div className="field inline">
        <label htmlFor="concurrency" className="field-label">
          {t('rendering.runsAtOnce')}
        </label>
        <input
          id="concurrency"
          type="number"
          min={1}
          max={16}
          step={1}
          value={text}
          disabled={!settings}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'concurrency-error concurrency-hint' : 'concurrency-hint'}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
          onBlur={commitConcurrency}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commitConcurrency();
          }}
        />
        {saved && (
          <span className="note good" role="status">
            {t('saved')}
          </span>
        )}
      </div>
      <p id="concurrency-hint" className="hint">
        {t('rendering.runsHint')}
      </p>
      <FieldError id="concurrency-error" message={error ?? undefined} />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings?.notifications ?? false}
          disabled={!settings}
          onChange={(event) => void save({ notifications: event.target.checked })}
        />
        {t('rendering.notify')}
      </label>
    </section>
  );
}
