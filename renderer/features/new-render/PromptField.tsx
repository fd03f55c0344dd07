import { useTranslation } from 'react-i18next';
import { MODEL_CATALOGUE } from '../../../shared/models';
import { PROMPT_MAX_LENGTH } from '../../../shared/render-request';
import { useAppStore } from '../../app-context';
import { FieldError } from '../../components/FieldError';
import { excerpt } from '../../format';

const RECENT_SHOWN = 6;

export function PromptField({ message }: { message: string | undefined }) {
  const { t } = useTranslation('newRender');
  const prompt = useAppStore((state) => state.draft.prompt);
  const recent = useAppStore((state) => state.recentPrompts);
  const required = useAppStore((state) => MODEL_CATALOGUE[state.draft.model].promptRequired);
  const editDraft = useAppStore((state) => state.editDraft);
  const touch = useAppStore((state) => state.touch);
  const choices = recent.filter((item) => item !== prompt).slice(0, RECENT_SHOWN);

  return (
    <div className="field">
      <div className="field-label-row">
        <label htmlFor="prompt" className="field-label">
          {t('prompt.label')}
          {!required && <span className="muted qualifier"> {t('prompt.optional')}</span>}
        </label>
        <span
          className={`char-count${prompt.length > PROMPT_MAX_LENGTH ? ' over' : ''}`}
          id="prompt-count"
        >
          {t('prompt.count', { count: prompt.length, max: PROMPT_MAX_LENGTH })}
        </span>
      </div>
      <textarea
        id="prompt"
        rows={5}
        value={prompt}
        placeholder={t(required ? 'prompt.placeholderRequired' : 'prompt.placeholderOptional')}
        aria-invalid={message ? true : undefined}
        aria-describedby={message ? 'prompt-error prompt-count' : 'prompt-count'}
        onChange={(event) => editDraft({ prompt: event.target.value })}
        onBlur={() => touch('prompt')}
      />
      <FieldError id="prompt-error" message={message} />
      {choices.length > 0 && (
        <fieldset className="recent-prompts">
          <legend className="muted">{t('prompt.recent')}</legend>
          {choices.map((item) => (
            <button
              type="button"
              key={item}
              className="chip"
              title={item}
              aria-label={t('prompt.useRecent', { prompt: item })}
              onClick={() => {
                editDraft({ prompt: item });
                touch('prompt');
              }}
            >
              {excerpt(item, 48)}
            </button>
          ))}
        </fieldset>
      )}
    </div>
  );
}
