import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type BudgetSettings, CreditCapValue } from '../../../shared/credits';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { FieldError } from '../../components/FieldError';
import './budget.css';

type CapField = keyof BudgetSettings;

/** One optional cap: empty means none; saved on blur or Enter, checked by the shared schema. */
function CapInput({ field, label, hint }: { field: CapField; label: string; hint: string }) {
  const settings = useAppStore((state) => state.settings);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const { t } = useTranslation('settings');
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const current = settings?.[field] ?? null;

  useEffect(() => {
    setText(current === null ? '' : String(current));
  }, [current]);

  const commit = async () => {
    const trimmed = text.trim();
    let next: number | null = null;
    if (trimmed !== '') {
      const parsed = CreditCapValue.safeParse(Number(trimmed));
      if (!parsed.success) {
        const reason = parsed.error.issues[0]?.message ?? t('budget.notCredits');
        setError(t('budget.invalid', { label, reason }));
        return;
      }
      next = parsed.data;
    }
    setError(null);
    if (next === current) return;
    setSaved(false);
    try {
      await updateSettings({ [field]: next });
      setSaved(true);
    } catch (caught) {
      setError(errorMessage(caught));
    }
  };

  return (
    <>
      <div className="field inline budget-cap">
        <label htmlFor={id} className="field-label">
          {label}
        </label>
        <input
          id={id}
          type="number"
          inputMode="decimal"
          min={0}
          step="any"
          placeholder={t('budget.noCap')}
          value={text}
          disabled={!settings}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error ${id}-hint` : `${id}-hint`}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
          onBlur={() => void commit()}
          onKeyDown={(event) => {
            if (event.key === 'Enter') void commit();
          }}
        />
        <span className="field-unit">{t('budget.credits')}</span>
        {saved && (
          <span className="note good" role="status">
            {t('saved')}
          </span>
        )}
      </div>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      <FieldError id={`${id}-error`} message={error ?? undefined} />
    </>
  );
}

/** Settings → Budget: optional caps; a render over one asks before it is queued. */
export function BudgetSection() {
  const { t } = useTranslation('settings');
  return (
    <section className="settings-section" aria-labelledby="budget-title">
      <h2 id="budget-title">{t('budget.title')}</h2>
      <CapInput
        field="maxCreditsPerRender"
        label={t('budget.perRender')}
        hint={t('budget.perRenderHint')}
      />
      <CapInput field="maxCreditsPerDay" label={t('budget.perDay')} hint={t('budget.perDayHint')} />
    </section>
  );
}
