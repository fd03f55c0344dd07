import { useAppStore } from '../../app-context';
import { formatBytes } from '../../format';

export function LibrarySection() {
  const info = useAppStore((state) => state.libraryInfo);
  const error = useAppStore((state) => state.libraryInfoError);
  const loadLibraryInfo = useAppStore((state) => state.loadLibraryInfo);
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
      </div>
    </section>
  );
}
