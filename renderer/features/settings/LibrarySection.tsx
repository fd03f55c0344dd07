import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { isTerminal } from '../../../shared/job';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { formatBytes, formatNumber } from '../../format';

/**
 * Asks library:info again whenever the library may have changed while Settings shows it: on
 * opening, on library:changed, and when a render ends or is deleted (job:update), so the
 * count and the size never stay at what they were at start-up.
 */
function useFreshLibraryInfo(): void {
  const client = useClient();
  const loadLibraryInfo = useAppStore((state) => state.loadLibraryInfo);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // Renders end in bursts (a set): one question for the burst.
    const reload = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void loadLibraryInfo(), 300);
    };
    void loadLibraryInfo();
    const offs = [
      client.on('library:changed', reload),
      client.on('job:update', (view) => {
        if (isTerminal(view.state) || view.state === 'queued') reload();
      }),
    ];
    return () => {
      clearTimeout(timer);
      for (const off of offs) off();
    };
  }, [client, loadLibraryInfo]);
}

export function LibrarySection() {
  const { t } = useTranslation('settings', { keyPrefix: 'library' });
  const info = useAppStore((state) => state.libraryInfo);
  const error = useAppStore((state) => state.libraryInfoError);
  const loadLibraryInfo = useAppStore((state) => state.loadLibraryInfo);
  const pushToast = useAppStore((state) => state.pushToast);
  const client = useClient();
  useFreshLibraryInfo();
  // Main opens its own logs folder: the renderer only asks, it never names a path.
  const openLogsFolder = () =>
    client
      .call('app:open-logs-folder', {})
      .catch((error: unknown) =>
        pushToast('error', t('openLogsFailed', { reason: errorMessage(error) })),
      );
  return (
    <section className="settings-section" aria-labelledby="library-info-title">
      <h2 id="library-info-title">{t('title')}</h2>
      {info ? (
        <dl className="facts compact">
          <div className="fact">
            <dt>{t('location')}</dt>
            <dd>{info.home}</dd>
          </div>
          <div className="fact">
            <dt>{t('renders')}</dt>
            <dd>{formatNumber(info.count)}</dd>
          </div>
          <div className="fact">
            <dt>{t('storage')}</dt>
            <dd>{formatBytes(info.usedBytes)}</dd>
          </div>
        </dl>
      ) : (
        !error && <p className="muted">{t('reading')}</p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {info && info.problems.length > 0 && (
        <div className="banner warn">
          <p>
            <strong>{t('problems', { count: info.problems.length })}</strong>
          </p>
          <ul>
            {info.problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      <div className="button-row">
        <button type="button" onClick={() => void loadLibraryInfo()}>
          {t('refresh')}
        </button>
        <button type="button" onClick={() => void openLogsFolder()}>
          {t('openLogs')}
        </button>
      </div>
      <p className="muted">{t('logsHint')}</p>
    </section>
  );
}
