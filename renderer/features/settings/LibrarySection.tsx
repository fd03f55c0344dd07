import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { formatBytes } from '../../format';

export function LibrarySection() {
  const info = useAppStore((state) => state.libraryInfo);
  const error = useAppStore((state) => state.libraryInfoError);
  const loadLibraryInfo = useAppStore((state) => state.loadLibraryInfo);
  const pushToast = useAppStore((state) => state.pushToast);
  const client = useClient();
  // Main opens its own logs folder: the renderer only asks, it never names a path.
  const openLogsFolder = () =>
    client
      .call('app:open-logs-folder', {})
      .catch((error: unknown) =>
        pushToast('error', `Could not open the logs folder: ${errorMessage(error)}`),
      );
  return (
    <section className="settings-section" aria-labelledby="library-info-title">
      <h2 id="library-info-title">Library</h2>
      {info ? (
        <dl className="facts compact">
          <div className="fact">
            <dt>Location</dt>
            <dd>{info.home}</dd>
          </div>
          <div className="fact">
            <dt>Renders</dt>
            <dd>{info.count.toLocaleString()}</dd>
          </div>
          <div className="fact">
            <dt>Storage used</dt>
            <dd>{formatBytes(info.usedBytes)}</dd>
          </div>
        </dl>
      ) : (
        !error && <p className="muted">Reading the library…</p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {info && info.problems.length > 0 && (
        <div className="banner warn">
          <p>
            <strong>
              {info.problems.length} problem{info.problems.length === 1 ? '' : 's'} found in the
              library:
            </strong>
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
          Refresh
        </button>
        <button type="button" onClick={() => void openLogsFolder()}>
          Open logs folder
        </button>
      </div>
      <p className="muted">
        The logs record every render's steps and every request to WeShop, never your API key: attach
        them when you ask for help.
      </p>
    </section>
  );
}
