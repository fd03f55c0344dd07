import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app-context';
import { shortcutLabel } from '../../format';
import { formatClauses } from '../../i18n/format';
import { type DraftField, validateDraft } from '../../store/draft';
import { PresetPanel } from '../presets/PresetPanel';
import { VariationsPanel } from '../variations/VariationsPanel';
import { AgentChoice } from './AgentChoice';
import { BudgetDialog } from './BudgetDialog';
import { CatalogSetPanel } from './CatalogSetPanel';
import { EstimateLine } from './EstimateLine';
import { ModelFields } from './ModelFields';
import { PicturesField } from './PicturesField';
import { PromptField } from './PromptField';
import { RecipeDrop } from './RecipeDrop';
import { ReferenceVideoField } from './ReferenceVideoField';
import { useEstimate } from './use-estimate';
import { allUploaded, usePictureUploads } from './use-image-upload';
import './new-render.css';

// Messages for these show at once: the form never makes them wrong by itself, so when they
// are wrong (settings reused from an old render) the user must see why the button is off.
// Pictures and aspect ratios that do not fit the model come the same way (an old request).
const ALWAYS_SHOWN: readonly DraftField[] = [
  'model',
  'duration',
  'generateAudio',
  'endFrame',
  'moreImages',
  'aspectRatio',
];

export function NewRenderScreen() {
  const { t, i18n } = useTranslation('newRender');
  const draft = useAppStore((state) => state.draft);
  const touched = useAppStore((state) => state.touched);
  const submitting = useAppStore((state) => state.submitting);
  const submitError = useAppStore((state) => state.submitError);
  const queueRender = useAppStore((state) => state.queueRender);
  // The language is a dependency: the hint and field errors are said in it (shared checks).
  // biome-ignore lint/correctness/useExhaustiveDependencies: re-run on a language switch
  const validation = useMemo(() => validateDraft(draft), [draft, i18n.language]);
  // Each picture uploads as soon as it is checked: Queue render then only sends the start.
  const uploads = usePictureUploads();
  const estimate = useEstimate(validation.request, allUploaded(uploads));
  const missing = validation.ok
    ? null
    : t('toQueue', { missing: formatClauses(Object.values(validation.messages)) });

  const shown: Partial<Record<DraftField, string>> = {};
  for (const [field, message] of Object.entries(validation.messages) as [DraftField, string][]) {
    if (touched[field] || ALWAYS_SHOWN.includes(field)) shown[field] = message;
  }

  return (
    <section className="screen" aria-labelledby="new-render-title">
      <header className="screen-header">
        <h1 id="new-render-title">{t('title')}</h1>
      </header>
      <RecipeDrop />
      <form
        className="new-render"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void queueRender();
        }}
      >
        <AgentChoice messages={shown} />
        <PicturesField messages={shown} uploads={uploads} />
        <div className="new-render-fields">
          <PromptField message={shown.prompt} />
          <ReferenceVideoField message={shown.referenceVideo} />
          <ModelFields messages={shown} />
        </div>
        {/* Sticky at the bottom of the screen: Queue render stays in view at any window size
            and zoom while the form scrolls under it. */}
        <div className="new-render-actions">
          <div className="submit-row">
            <EstimateLine state={estimate} />
            {/* aria-disabled, not disabled: the button keeps focus while it queues, stays
                reachable by Tab, and says what is missing (pressing it shows every message). */}
            <button
              type="submit"
              className="primary"
              aria-disabled={!validation.ok || submitting}
              aria-describedby={missing ? 'queue-missing' : undefined}
              aria-keyshortcuts="Control+Enter Meta+Enter"
            >
              {submitting ? t('queueing') : t('queue')} <kbd>{shortcutLabel('Enter')}</kbd>
            </button>
          </div>
          {missing && (
            <p id="queue-missing" className="hint queue-missing">
              {missing}
            </p>
          )}
          {submitError && (
            <p className="form-error" role="alert">
              {submitError}
            </p>
          )}
        </div>
      </form>
      <div className="creative-panels">
        <PresetPanel />
        <VariationsPanel />
        <CatalogSetPanel />
      </div>
      <BudgetDialog />
    </section>
  );
}
