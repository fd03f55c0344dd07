import { useTranslation } from 'react-i18next';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';

/**
 * Copies the full prompt through main's clipboard (app:copy-text, Electron's clipboard): the
 * page needs no clipboard permission and no execCommand. Says so (or why not) in a toast.
 */
export function CopyPromptButton({ prompt }: { prompt: string }) {
  const { t } = useTranslation('detail');
  const client = useClient();
  const pushToast = useAppStore((state) => state.pushToast);
  const copy = () =>
    client.call('app:copy-text', { text: prompt }).then(
      () => pushToast('success', t('promptCopied')),
      (error) => pushToast('error', t('copyFailed', { reason: errorMessage(error) })),
    );
  return (
    <button type="button" onClick={() => void copy()}>
      {t('copyPrompt')}
    </button>
  );
}
