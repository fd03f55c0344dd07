import { useState } from 'react';
import { GET_KEY_URL, type KeyStatus } from '../../../shared/settings';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';

/** "Set, ends in 1234 — from the keychain": what the core reports, never the key itself. */
export function describeKeyStatus(status: KeyStatus | null): string {
  if (!status) return 'Checking…';
  if (!status.set) return 'Not set';
  const ending = status.last4 ? `Set, ends in ${status.last4}` : 'Set';
  if (status.source === 'env') return `${ending} — from the WESHOP_API_KEY environment variable`;
  if (status.source === 'keychain') return `${ending} — from the system keychain`;
  return ending;
}

type Note = { tone: 'good' | 'bad'; text: string } | null;

export function KeySection() {
  const status = useAppStore((state) => state.keyStatus);
  const setKey = useAppStore((state) => state.setKey);
  const clearKey = useAppStore((state) => state.clearKey);
  const testKey = useAppStore((state) => state.testKey);
  const openExternal = useAppStore((state) => state.openExternal);
  // The typed key lives only in this input's state, and only until it is saved.
  const [draftKey, setDraftKey] = useState('');
  const [busy, setBusy] = useState<'save' | 'test' | 'remove' | null>(null);
  const [note, setNote] = useState<Note>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);

  const run = async (what: 'save' | 'test' | 'remove', action: () => Promise<Note>) => {
    setBusy(what);
    setNote(null);
    try {
      setNote(await action());
    } catch (error) {
      setNote({ tone: 'bad', text: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const save = () =>
    run('save', async () => {
      await setKey(draftKey.trim());
      setDraftKey('');
      return { tone: 'good', text: 'Key saved to the system keychain.' };
    });

  const test = () =>
    run('test', async () => {
      const result = await testKey();
      return { tone: result.ok ? 'good' : 'bad', text: result.message };
    });

  const remove = () =>
    run('remove', async () => {
      setConfirmRemove(false);
      await clearKey();
      return { tone: 'good', text: 'Key removed from the system keychain.' };
    });

  const trimmed = draftKey.trim();
  const tooShort = trimmed.length > 0 && trimmed.length < 8;

  return (
    <section className="settings-section" aria-labelledby="key-title">
      <h2 id="key-title">WeShop API key</h2>
      <p className="key-status" data-testid="key-status">
        <span className={`status-dot ${status?.set ? 'good' : 'bad'}`} aria-hidden="true" />
        {describeKeyStatus(status)}
      </p>
      {status?.source === 'env' && (
        <p className="hint">
          The environment variable wins while it is set; a key saved here is used when it is not.
        </p>
      )}
      <form
        className="key-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (trimmed.length >= 8 && busy === null) void save();
        }}
      >
        <label htmlFor="api-key" className="field-label">
          {status?.set ? 'Replace the key' : 'Paste your key'}
        </label>
        <div className="input-row">
          <input
            id="api-key"
            className="key-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={draftKey}
            placeholder="API key"
            aria-invalid={tooShort ? true : undefined}
            aria-describedby={tooShort ? 'api-key-error' : undefined}
            onChange={(event) => setDraftKey(event.target.value)}
          />
          {/* aria-disabled, not disabled, here and below: a button pressed (or emptied by a
              save) keeps keyboard focus instead of dropping it to the page. */}
          <button
            type="submit"
            className="primary"
            aria-disabled={trimmed.length < 8 || busy !== null}
          >
            {busy === 'save' ? 'Saving…' : 'Save key'}
          </button>
        </div>
        {tooShort && (
          <p id="api-key-error" className="field-error">
            That is too short for a WeShop key (at least 8 characters).
          </p>
        )}
      </form>
      <div className="button-row">
        <button
          type="button"
          onClick={() => {
            if (status?.set && busy === null) void test();
          }}
          aria-disabled={!status?.set || busy !== null}
        >
          {busy === 'test' ? 'Testing…' : 'Test key'}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (status?.source === 'keychain' && busy === null) setConfirmRemove(true);
          }}
          aria-disabled={status?.source !== 'keychain' || busy !== null}
        >
          Remove key…
        </button>
        <button type="button" className="link" onClick={() => void openExternal(GET_KEY_URL)}>
          Get an API key at open.weshop.ai ↗
        </button>
      </div>
      {note && (
        <p className={`note ${note.tone}`} role={note.tone === 'bad' ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
      {confirmRemove && (
        <Dialog title="Remove the API key?" onClose={() => setConfirmRemove(false)} size="small">
          <p>
            The key will be deleted from the system keychain. New renders need a key; renders in
            your library stay.
          </p>
          <div className="button-row end">
            <button type="button" onClick={() => setConfirmRemove(false)} data-autofocus>
              Keep the key
            </button>
            <button type="button" className="danger" onClick={() => void remove()}>
              Remove key
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
