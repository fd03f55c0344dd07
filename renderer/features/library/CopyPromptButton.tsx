import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';

/**
 * The async Clipboard API where the page may use it; otherwise the older copy command on a
 * selected, off-screen text box (it needs no permission, only the click that asked for it).
 */
async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch {
    // Fall through: the permission may be denied (the app grants the page only full screen).
  }
  const box = document.createElement('textarea');
  box.value = text;
  box.setAttribute('readonly', '');
  box.className = 'visually-hidden';
  document.body.append(box);
  const active = document.activeElement as HTMLElement | null;
  box.select();
  const copied = document.execCommand('copy');
  box.remove();
  active?.focus();
  if (!copied) throw new Error('the system clipboard refused it');
}

/** Copies the full prompt; says so (or why not) in a toast. */
export function CopyPromptButton({ prompt }: { prompt: string }) {
  const { t } = useTranslation('detail');
  const pushToast = useAppStore((state) => state.pushToast);
  const copy = () =>
    copyText(prompt).then(
      () => pushToast('success', t('promptCopied')),
      (error) => pushToast('error', t('copyFailed', { reason: errorMessage(error) })),
    );
  return (
    <button type="button" onClick={() => void copy()}>
      {t('copyPrompt')}
    </button>
  );
}
