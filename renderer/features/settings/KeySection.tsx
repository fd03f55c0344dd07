import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GET_KEY_URL, type KeyStatus } from '../../../shared/settings';
import { useAppStore } from '../../app-context';
import { errorMessage } from '../../bridge';
import { Dialog } from '../../components/Dialog';
import { i18n } from '../../i18n';

/** "Set, ends in 1234 — from the keychain": what the core reports, never the key itself. */
export function describeKeyStatus(status: KeyStatus | null): string {
  const t = i18n.getFixedT(null, 'settings', 'key');
  if (!status) return t('checking');
  if (!status.set) return t('notSet');
  const ending = status.last4 ? t('endsIn', { last4: status.last4 }) : t('set');
  if (status.source === 'env') return t('fromEnv', { ending });
  if (status.source === 'keychain') return t('fromKeychain', { ending });
  return ending;
}

/**
 * What the last action said: main's words (`text`), or the app's own (`word`, worded at render
 * so a language switch rewords it). `next`: the key was just saved, so a first render is offered.
 */
type Note =
  | { tone: 'good' | 'bad'; text: string; next?: never }
  | { tone: 'good'; word: 'savedNote' | 'removedNote'; next?: boolean }
  | null;

export function KeySection() {
  const status = useAppStore((state) => state.keyStatus);
  const setKey = useAppStore((state) => state.setKey);
  const clearKey = useAppStore((state) => state.clearKey);
  const testKey = useAppStore((state) => state.testKey);
  const openExternal = useAppStore((state) => state.openExternal);
  const setScreen = useAppStore((state) => state.setScreen);
  const { t } = useTranslation('settings', { keyPrefix: 'key' });
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
      return { tone: 'good', word: 'savedNote', next: true };
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
      return { tone: 'good', word: 'removedNote' };
    });

  const trimmed = draftKey.trim();
  const tooShort = trimmed.length > 0 && trimmed.length < 8;

  return (
    <section className="settings-section" aria-labelledby="key-title">
      <h2 id="key-title">{t('title')}</h2>
      <p className="key-status" data-testid="key-status">
        <span className={`status-dot ${status?.set ? 'good' : 'bad'}`} aria-hidden="true" />
        {describeKeyStatus(status)}
      </p>
      {status?.source === 'env' && <p className="hint">{t('envWins')}</p>}
      <form
        className="key-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (trimmed.length >= 8 && busy === null) void save();
        }}
      >
        <label htmlFor="api-key" className="field-label">
          {status?.set ? t('replace') : t('paste')}
        </label>
        <div className="input-row">
          <input
            id="api-key"
            className="key-input"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={draftKey}
            placeholder={t('placeholder')}
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
            {busy === 'save' ? t('saving') : t('save')}
          </button>
        </div>
        {tooShort && (
          <p id="api-key-error" className="field-error">
            {t('tooShort')}
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
          {busy === 'test' ? t('testing') : t('test')}
        </button>
        <button
          type="button"
          className="danger"
          onClick={() => {
            if (status?.source === 'keychain' && busy === null) setConfirmRemove(true);
          }}
          aria-disabled={status?.source !== 'keychain' || busy !== null}
        >
          {t('remove')}
        </button>
        <button type="button" className="link" onClick={() => void openExternal(GET_KEY_URL)}>
          {t('getKey')}
        </button>
      </div>
      {note && (
        <p className={`note ${note.tone}`} role={note.tone === 'bad' ? 'alert' : 'status'}>
          {'word' in note ? t(note.word) : note.text}
        </p>
      )}
      {/* Saved: the way on is a first render (New render shows the form now, not the welcome). */}
      {note?.next && status?.set && (
        <div className="key-next">
          <p>{t('nextStep')}</p>
          <button type="button" className="primary" onClick={() => setScreen('new')}>
            {t('startRender')}
          </button>
        </div>
      )}
      {confirmRemove && (
        <Dialog title={t('removeTitle')} onClose={() => setConfirmRemove(false)} size="small">
          <p>{t('removeBody')}</p>
          <div className="button-row end">
            <button type="button" onClick={() => setConfirmRemove(false)} data-autofocus>
              {t('keep')}
            </button>
            <button type="button" className="danger" onClick={() => void remove()}>
              {t('removeConfirm')}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}
