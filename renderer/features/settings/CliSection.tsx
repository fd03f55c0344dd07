import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { CliInstallResult } from '../../../shared/ipc';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';

/**
 * "Install command-line tool", as editors offer it: main writes a `kling-studio` launcher that
 * starts this app with --cli, and says where it went and whether a new terminal will find it.
 */
export function CliSection() {
  const client = useClient();
  const pushToast = useAppStore((state) => state.pushToast);
  const { t } = useTranslation('settings', { keyPrefix: 'cli' });
  const [result, setResult] = useState<CliInstallResult | null>(null);
  const [busy, setBusy] = useState(false);
  const install = async () => {
    setBusy(true);
    try {
      setResult(await client.call('app:install-cli', {}));
    } catch (error) {
      pushToast('error', t('failed', { reason: errorMessage(error) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="settings-section" aria-labelledby="cli-title">
      <h2 id="cli-title">{t('title')}</h2>
      <p className="muted">
        <Trans t={t} i18nKey="about" components={{ code: <code /> }} />
      </p>
      <div className="button-row">
        {/* aria-disabled while installing: the pressed button keeps keyboard focus. */}
        <button
          type="button"
          aria-disabled={busy}
          onClick={() => {
            if (!busy) void install();
          }}
        >
          {t('install')}
        </button>
      </div>
      {result && (
        <p className={result.onPath ? 'muted' : 'banner warn'} role="status">
          {result.message}
        </p>
      )}
    </section>
  );
}
