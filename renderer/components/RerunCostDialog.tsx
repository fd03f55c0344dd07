import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RenderRequest } from '../../shared/render-request';
import { useAppStore, useClient } from '../app-context';
import { type CostCheck, costCheckFor } from '../store/budget';
import { ConfirmDialog } from './ConfirmDialog';

/**
 * Asked before an action that pays WeShop again (Retry that starts a new run, "Render the
 * missing N", Retry anyway): what WeShop estimates it costs, and Settings → Budget applied the
 * way New render applies it. Over a cap, or a cap with no estimate, the dialog says why in
 * its title and reasons; confirming then is the user's explicit OK.
 */
export function RerunCostDialog({
  question,
  request,
  confirmLabel,
  busyLabel,
  cancelLabel,
  onClose,
  run,
  children,
}: {
  /** The title when every cap holds, e.g. "Retry this render?". */
  question: string;
  /** What WeShop would render and charge for. */
  request: RenderRequest;
  confirmLabel: string;
  busyLabel: string;
  cancelLabel: string;
  onClose: () => void;
  /** The action itself; a throw is shown in the dialog, which stays open. */
  run: () => Promise<void>;
  /** Anything else to know first (e.g. the may-charge-twice warning). */
  children?: ReactNode;
}) {
  const { t } = useTranslation('components');
  const client = useClient();
  const settings = useAppStore((state) => state.settings);
  // Asked once per dialog: the request and the caps are what they were when it opened.
  const [pending] = useState(() => costCheckFor(client, request, settings));
  const [check, setCheck] = useState<CostCheck | null>(null);
  useEffect(() => {
    let current = true;
    void pending.then((result) => {
      if (current) setCheck(result);
    });
    return () => {
      current = false;
    };
  }, [pending]);

  const concern = check?.concern ?? null;
  // What the user saw when they pressed confirm: a concern they have not read yet stops it.
  const seen = check;
  return (
    <ConfirmDialog
      title={concern ? t('rerun.titleWithConcern', { concern: concern.title, question }) : question}
      onClose={onClose}
      cancelLabel={cancelLabel}
      confirmLabel={confirmLabel}
      busyLabel={busyLabel}
      action={async () => {
        const result = await pending;
        if (result.concern && seen === null) {
          throw new Error(t('rerun.readFirst', { concern: result.concern.title }));
        }
        await run();
      }}
    >
      {children}
      <p role="status" className="rerun-cost">
        {check ? check.estimate : t('rerun.asking')}
      </p>
      {concern && (
        <>
          <ul>
            {concern.reasons.map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <p>{t('budget.capsWhere')}</p>
        </>
      )}
    </ConfirmDialog>
  );
}
