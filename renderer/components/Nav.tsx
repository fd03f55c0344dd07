import { useTranslation } from 'react-i18next';
import { useAppStore } from '../app-context';
import { shortcutLabel } from '../format';
import { selectActiveCount, selectKeyMissing } from '../store/selectors';
import { SCREENS } from '../store/types';
import { ScreenIcon } from './icons';
import './nav.css';

export function Nav() {
  const { t } = useTranslation('components');
  const screen = useAppStore((state) => state.screen);
  const setScreen = useAppStore((state) => state.setScreen);
  const activeCount = useAppStore(selectActiveCount);
  const keyMissing = useAppStore(selectKeyMissing);

  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">{t('brand')}</div>
      <ul className="nav-list">
        {SCREENS.map((name, index) => {
          const badge =
            name === 'queue' && activeCount > 0
              ? `${activeCount}`
              : name === 'settings' && keyMissing
                ? '!'
                : null;
          const badgeLabel =
            name === 'queue'
              ? t('nav.queueBadge', { count: activeCount })
              : t('nav.keyMissingBadge');
          const shortcut = shortcutLabel(String(index + 1));
          const note =
            badge === null
              ? null
              : name === 'queue'
                ? t('nav.queueTip', { count: activeCount })
                : t('nav.keyMissingTip');
          return (
            <li key={name}>
              <button
                type="button"
                className="nav-item"
                aria-current={screen === name ? 'page' : undefined}
                aria-keyshortcuts={`Control+${index + 1} Meta+${index + 1}`}
                onClick={() => setScreen(name)}
              >
                <ScreenIcon screen={name} />
                <span className="nav-label">
                  {t(`screens.${name}`)}
                  {badge && <span className="visually-hidden">{badgeLabel}</span>}
                </span>
                {badge && (
                  <span
                    className={`nav-badge${name === 'settings' ? ' warn' : ''}`}
                    aria-hidden="true"
                  >
                    {badge}
                  </span>
                )}
                <kbd className="nav-shortcut">{shortcut}</kbd>
                {/* The collapsed sidebar's tooltip (CSS shows it on hover and keyboard focus
                    there only); hidden from screen readers, which read the label above. */}
                <span className="nav-tooltip" aria-hidden="true">
                  <span>{t(`screens.${name}`)}</span>
                  <kbd>{shortcut}</kbd>
                  {note && <span className="nav-tooltip-note">{note}</span>}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
