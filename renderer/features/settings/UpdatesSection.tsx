import { useEffect, useState } from 'react';
import type { UpdateStatus } from '../../../shared/updates';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';

/** One line for where the update stands (what main reported). */
export function describeUpdate(status: UpdateStatus | null): string {
  if (!status) return 'Reading the update status…';
  switch (status.state) {
    case 'unsupported':
      return status.reason;
    case 'idle':
      return 'Not checked yet in this session.';
    case 'checking':
      return 'Checking for updates…';
    case 'up-to-date':
      return `Kling Studio ${status.version} is the newest version.`;
    case 'downloading':
      return `Downloading Kling Studio ${status.version}… ${status.percent}%`;
    case 'ready':
      return `Kling Studio ${status.version} is ready. Restart to use it (or it is installed when you quit).`;
    case 'waiting-for-renders':
      return `Restarting into ${status.version} as soon as ${status.renders === 1 ? 'a render has' : `${status.renders} renders have`} saved the run id WeShop answered with; renders continue after the restart.`;
    case 'installing':
      return `Restarting into Kling Studio ${status.version}…`;
    case 'error':
      return status.message;
  }
}

/** Settings → Updates: the start-up check's off switch, "Check for updates…", "Restart to update". */
export function UpdatesSection() {
  const client = useClient();
  const settings = useAppStore((state) => state.settings);
  const updateSettings = useAppStore((state) => state.updateSettings);
  const pushToast = useAppStore((state) => state.pushToast);
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
        if (live) pushToast('error', `Could not read the update status: ${errorMessage(error)}`);
      },
    );
    return () => {
      live = false;
      off();
    };
  }, [client, pushToast]);

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
      <h2 id="updates-title">Updates</h2>
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
            Restart to update
          </button>
        ) : (
          <button
            type="button"
            aria-disabled={busy || !canCheck}
            onClick={() => {
              if (!busy && canCheck) void run('app:check-for-updates');
            }}
          >
            Check for updates…
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
        Check for updates when Kling Studio starts
      </label>
    </section>
  );
}
