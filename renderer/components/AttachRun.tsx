import { type FormEvent, useId, useState } from 'react';
import { canAttachRun, RunId } from '../../shared/attach';
import type { RenderView } from '../../shared/job';
import { useAppStore } from '../app-context';
import { errorMessage } from '../bridge';
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
      setProblem(parsed.error.issues[0]?.message ?? 'This is not a run id');
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await attachRun(view.id, parsed.data);
      pushToast('success', 'Run attached: its videos are being collected (follow it in the Queue)');
      onClose();
    } catch (error) {
      setProblem(errorMessage(error));
      setBusy(false);
    }
  }

  return (
    <Dialog title="Attach the run you found" size="small" onClose={onClose}>
      <form className="attach-run-form" noValidate onSubmit={(event) => void attach(event)}>
        <p>
          If this render's start reached WeShop, its run is in your WeShop history. Look for the run
          named after this render (<code>{view.id}</code>), copy its run id and paste it here.
        </p>
        <p className="hint">
          Kling Studio checks that the run matches this render (model and number of videos), then
          downloads its videos. Nothing is started and nothing is charged again.
        </p>
        <div className="field">
          <label htmlFor={`${ids}-run`} className="field-label">
            Run id
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
            Cancel
          </button>
          <button type="submit" className="primary" aria-disabled={busy}>
            {busy ? 'Checking the run…' : 'Attach'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Opens AttachRunDialog; nothing for a render that is not waiting for its run id. */
export function AttachRunButton({ view, describedBy }: { view: RenderView; describedBy?: string }) {
  const [open, setOpen] = useState(false);
  if (!canAttachRun(view)) return null;
  return (
    <>
      <button
        type="button"
        aria-haspopup="dialog"
        aria-describedby={describedBy}
        onClick={() => setOpen(true)}
      >
        I found the run…
      </button>
      {open && <AttachRunDialog view={view} onClose={() => setOpen(false)} />}
    </>
  );
}
