import { useAppStore } from '../app-context';
import { shortcutLabel } from '../format';
import { selectActiveCount, selectKeyMissing } from '../store/selectors';
import { SCREENS, type Screen } from '../store/types';
import { ScreenIcon } from './icons';

export const SCREEN_TITLES: Record<Screen, string> = {
  new: 'New render',
  queue: 'Queue',
  library: 'Library',
  settings: 'Settings',
  spent: 'Spent',
  storyboard: 'Storyboard',
};

export function Nav() {
  const screen = useAppStore((state) => state.screen);
  const setScreen = useAppStore((state) => state.setScreen);
  const activeCount = useAppStore(selectActiveCount);
  const keyMissing = useAppStore(selectKeyMissing);

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">Kling Studio</div>
      <ul className="nav-list">
        {SCREENS.map((name, index) => {
          const badge =
            name === 'queue' && activeCount > 0
              ? `${activeCount}`
              : name === 'settings' && keyMissing
                ? '!'
                : null;
          const badgeLabel =
            name === 'queue' ? `, ${activeCount} running or waiting` : ', API key not set';
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
                  {SCREEN_TITLES[name]}
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
                <kbd className="nav-shortcut">{shortcutLabel(String(index + 1))}</kbd>
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
