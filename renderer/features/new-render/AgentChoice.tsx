import { useTranslation } from 'react-i18next';
import { AGENT_CATALOGUE, AgentName } from '../../../shared/models';
import { useAppStore } from '../../app-context';
import type { DraftField } from '../../store/draft';
import { ModelSelect } from './ModelFields';

/**
 * The WeShop agent, as radio cards (arrow keys move between them), each with its summary from
 * the catalogue. Under it, what the last switch left out or changed.
 */
export function AgentChoice({ messages }: { messages: Partial<Record<DraftField, string>> }) {
  const { t } = useTranslation('newRender');
  const agent = useAppStore((state) => state.draft.agent);
  const setAgent = useAppStore((state) => state.setAgent);
  return (
    <fieldset className="agent-choice">
      <legend className="field-label">{t('agent.legend')}</legend>
      <div className="agent-cards">
        {AgentName.options.map((name) => {
          const spec = AGENT_CATALOGUE[name];
          return (
            <label key={name} className={`agent-card${name === agent ? ' chosen' : ''}`}>
              <input
                type="radio"
                name="agent"
                value={name}
                checked={name === agent}
                // The name alone names it; the summary describes it.
                aria-labelledby={`agent-${name}-name`}
                aria-describedby={`agent-${name}-summary`}
                onChange={() => setAgent(name)}
              />
              <span id={`agent-${name}-name`} className="agent-name">
                {spec.label}
              </span>
              <span id={`agent-${name}-summary`} className="agent-summary">
                {t(`agent.summary.${name}`)}
              </span>
            </label>
          );
        })}
      </div>
      <ModelSelect messages={messages} />
      <DraftNotes />
    </fieldset>
  );
}

/** What an agent or model switch left out, said where the user is looking (a polite status). */
function DraftNotes() {
  const { t } = useTranslation('newRender');
  const notes = useAppStore((state) => state.draftNotes);
  const dismiss = useAppStore((state) => state.dismissDraftNotes);
  return (
    <div role="status" className="draft-notes-live">
      {notes.length > 0 && (
        <div className="draft-notes">
          <ul>
            {notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
          <button type="button" onClick={dismiss}>
            {t('agent.dismiss')}
          </button>
        </div>
      )}
    </div>
  );
}
