import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UpdateStatus } from '../../../shared/updates';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { formatPercent } from '../../format';
import { i18n } from '../../i18n';
import { sayMessage } from '../../i18n/core-messages';

/** One line for where the update stands (what main reported). */
export function describeUpdate(status: UpdateStatus | null): string {
  const t = i18n.getFixedT(null, 'settings', 'updates');
  if (!status) return t('reading');
  switch (status.state) {
    case 'unsupported':
      return sayMessage(status.reason, status.reasonRef);
    case 'idle':
      return t('idle');
    case 'checking':
      return t('checking');
    case 'up-to-date':
      return t('upToDate', { version: status.version });
    case 'downloading':
      return t('downloading', { version: status.version, percent: formatPercent(status.percent) });
    case 'ready':
      return t('ready', { version: status.version });
    case 'waiting-for-renders':
      return t('waiting', { version: status.version, count: status.renders });
    case 'installing':
      return t('installing', { version: status.version });
    case 'error':
      return sayMessage(status.message, status.messageRef);
  }
}

/** Settings → Updates: the start-up check's off switch, "Check for updates…", "Restart to update". */
export function UpdatesSection() {
  const client = useClient();
  const settings = useAppStore((state) => state.settings);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const pushToast = useAppStore((state) => state.pushToast);
  const { t } = useTranslation('settings', { keyPrefix: 'updates' });
  const [status, setStatus] = useState<UpdateStatus | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    const off = client.on('app:update-status', (next) => setStatus(next));
    client.call('app:update-status', {}).then(
      (next) => {
        if (live) setStatus(next);
      },
      (error: unknown) => {
        if (live) pushToast('error', t('readFailed', { reason: errorMessage(error) }));
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [client, pushToast, t]);

  const run = async (channel: 'app:check-for-updates' | 'app:install-update') => {
    setBusy(true);
    try {
      setStatus(await client.call(channel, {}));
    } catch (error) {
      pushToast('error', errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const canCheck = status !== null && ['idle', 'up-to-date', 'error'].includes(status.state);
  return (
    <section className="settings-section" aria-labelledby="updates-title">
      <h2 id="updates-title">{t('title')}</h2>
      <p className="muted" aria-live="polite" data-testid="update-status">
        {describeUpdate(status)}
      </p>
      <div className="button-row">
        {status?.state === 'ready' ? (
          <button
            type="button"
            aria-disabled={busy}
            onClick={() => {
              if (!busy) void run('app:install-update');
            }}
          >
            {t('restart')}
          </button>
        ) : (
          <button
            type="button"
            aria-disabled={busy || !canCheck}
            onClick={() => {
              if (!busy && canCheck) void run('app:check-for-updates');
            }}
          >
            {t('check')}
          </button>
        )}
      </div>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={settings?.checkForUpdates ?? false}
          disabled={!settings}
          onChange={(event) =>
            void updateSettings({ checkForUpdates: event.target.checked }).catch((error: unknown) =>
              pushToast('error', errorMessage(error)),
            )
          }
        />
        {t('atStart')}
      </label>
    </section>
  );
}
