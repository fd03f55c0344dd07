import { GET_KEY_URL } from '../../../shared/settings';
import { useAppStore } from '../../app-context';
import './first-run.css';

/** Shown instead of New render while no API key is set: one clear way forward. */
export function FirstRunPanel() {
  const setScreen = useAppStore((state) => state.setScreen);
  const openExternal = useAppStore((state) => state.openExternal);
  return (
    <section className="screen first-run" aria-labelledby="first-run-title">
      <div className="first-run-card">
        <h1 id="first-run-title">Welcome to Kling Studio</h1>
        <p>
          Kling Studio turns a photo and a short motion prompt into videos with the Kling models. To
          make videos it needs your <strong>WeShop API key</strong>.
        </p>
        <ol className="first-run-steps">
          <li>Get a key from your WeShop account (open.weshop.ai → Authorization → API key).</li>
          <li>Paste it in Settings. It is kept in your system keychain and sent only to WeShop.</li>
        </ol>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => setScreen('settings')}>
            Open Settings to add your key
          </button>
          <button type="button" onClick={() => void openExternal(GET_KEY_URL)}>
            Get an API key ↗
          </button>
        </div>
        <p className="muted">
          Your Library works without a key: renders you already have stay available offline.
        </p>
      </div>
    </section>
  );
}
