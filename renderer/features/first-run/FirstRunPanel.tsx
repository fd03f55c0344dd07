import { Trans, useTranslation } from 'react-i18next';
import { GET_KEY_URL } from '../../../shared/settings';
import { useAppStore } from '../../app-context';
import './first-run.css';

/** Shown instead of New render while no API key is set: one clear way forward. */
export function FirstRunPanel() {
  const setScreen = useAppStore((state) => state.setScreen);
  const openExternal = useAppStore((state) => state.openExternal);
  const { t } = useTranslation('first-run');
  return (
    <section className="screen first-run" aria-labelledby="first-run-title">
      <div className="first-run-card">
        <h1 id="first-run-title">{t('title')}</h1>
        <p>
          <Trans t={t} i18nKey="intro" />
        </p>
        <ol className="first-run-steps">
          <li>{t('step1')}</li>
          <li>{t('step2')}</li>
        </ol>
        <div className="button-row">
          <button type="button" className="primary" onClick={() => setScreen('settings')}>
            {t('openSettings')}
          </button>
          <button type="button" onClick={() => void openExternal(GET_KEY_URL)}>
            {t('getKey')}
          </button>
        </div>
        <p className="muted">{t('offline')}</p>
      </div>
    </section>
  );
}
