import { useState } from 'react';
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
  const [result, setResult] = useState<CliInstallResult | null>(null);
  const [busy, setBusy] = useState(false);
  const install = async () => {
    setBusy(true);
    try {
      setResult(await client.call('app:install-cli', {}));
    } catch (error) {
      pushToast('error', `Could not install the command-line tool: ${errorMessage(error)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="settings-section" aria-labelledby="cli-title">
      <h2 id="cli-title">Command-line tool</h2>
      <p className="muted">
        <code>kling-studio</code> renders, lists and retries from a terminal or a script, on the
        same library as the app.
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
          Install command-line tool
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
