import { type FormEvent, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { canAttachRun, RunId } from '../../shared/attach';
import type { RenderView } from '../../shared/job';
import { useAppStore } from '../app-context';
import { errorMessage } from '../bridge';
import { checkMessage } from '../i18n/check-messages';
import { Dialog } from './Dialog';
import './attach-run.css';

/**
 * "I found the run": the way back for a render whose start may have reached WeShop without
 * its run id, that cannot charge twice. The user pastes the run id from WeShop's history; main
 * checks it against the render and collects it (render:attach). Errors stay in the dialog.
 */
export function AttachRunDialog({ view, onClose }: { view: RenderView; onClose: () => void }) {
  const attachRun = useAppStore((state) => state.attachRun);
  const pushToast = useAppStore((state) => state.pushToast);
  const { t } = useTranslation('components');
  const ids = useId();
  const [runId, setRunId] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function attach(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    // The same rule main applies, said here before anything is asked.
    const parsed = RunId.safeParse(runId);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // Said by its check id in the chosen language (shared's English is the CLI's).
      setProblem(issue ? checkMessage(issue) : t('attach.notRunId'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await attachRun(view.id, parsed.data);
      pushToast('success', t('attach.attached'));
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <Dialog title={t('attach.title')} size="small" onClose={onClose}>
      <form className="attach-run-form" noValidate onSubmit={(event) => void attach(event)}>
        <p>
          <Trans
            t={t}
            i18nKey="attach.where"
            values={{ id: view.id }}
            components={{ code: <code /> }}
          />
        </p>
        <p className="hint">{t('attach.checks')}</p>
        <div className="field">
          <label htmlFor={`${ids}-run`} className="field-label">
            {t('attach.runId')}
          </label>
          {/* Focused on open (not the × before it): pasting the id is why the dialog is open. */}
          <input
            id={`${ids}-run`}
            type="text"
            data-autofocus
            autoComplete="off"
            spellCheck={false}
            value={runId}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${ids}-problem` : undefined}
            onChange={(event) => setRunId(event.target.value)}
          />
        </div>
        {problem && (
          <p id={`${ids}-problem`} className="field-error" role="alert">
            {problem}
          </p>
        )}
        <div className="button-row end">
          <button type="button" onClick={onClose}>
            {t('attach.cancel')}
          </button>
          <button type="submit" className="primary" aria-disabled={busy}>
            {busy ? t('attach.checking') : t('attach.attach')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Opens AttachRunDialog; nothing for a render that is not waiting for its run id. */
export function AttachRunButton({ view, describedBy }: { view: RenderView; describedBy?: string }) {
  const [open, setOpen] = useState(false);
  const { t } = useTranslation('components');
  if (!canAttachRun(view)) return null;
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-describedby={describedBy}
        onClick={() => setOpen(true)}
      >
        {t('attach.open')}
      </button>
      {open && <AttachRunDialog view={view} onClose={() => setOpen(false)} />}
    </>
  );
}
