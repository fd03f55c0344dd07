import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppProvider, useAppStore, useStoreApi } from './app-context';
import type { BridgeClient } from './bridge';
import { focusIsLost, focusScreenHeading } from './components/focus';
import { Nav } from './components/Nav';
import { Toasts } from './components/Toasts';
import { useGlobalShortcuts, useWindowFileDrop } from './components/use-shortcuts';
import { FirstRunPanel } from './features/first-run/FirstRunPanel';
import { LibraryScreen } from './features/library/LibraryScreen';
import { useUndoDeleteKey } from './features/library/use-undo-delete-key';
import { NewRenderScreen } from './features/new-render/NewRenderScreen';
import { QueueScreen } from './features/queue/QueueScreen';
import { SettingsScreen } from './features/settings/SettingsScreen';
import { SpentScreen } from './features/spent/SpentScreen';
import { StoryboardScreen } from './features/storyboard/StoryboardScreen';
import { applyLanguageChoice } from './i18n';
import { connectBridgeEvents, loadInitialData } from './store/create-store';
import { selectKeyMissing } from './store/selectors';
import type { AppStore } from './store/types';

function CurrentScreen() {
  const screen = useAppStore((state) => state.screen);
  const keyMissing = useAppStore(selectKeyMissing);
  switch (screen) {
    case 'new':
      return keyMissing ? <FirstRunPanel /> : <NewRenderScreen />;
    case 'queue':
      return <QueueScreen />;
    case 'library':
      return <LibraryScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'spent':
      return <SpentScreen />;
    case 'storyboard':
      return keyMissing ? <FirstRunPanel /> : <StoryboardScreen />;
  }
}

/** The interface speaks the Settings choice ('system': the OS order) as soon as it is known. */
function useLanguageSetting(): void {
  const choice = useAppStore((state) => state.settings?.language ?? 'system');
  useEffect(() => {
    void applyLanguageChoice(choice);
  }, [choice]);
}

function Shell() {
  // Every screen re-renders when the language changes: the shell asks for its words here.
  const { t } = useTranslation('components');
  useLanguageSetting();
  const store = useStoreApi();
  const [dragging, setDragging] = useState(false);
  useGlobalShortcuts(store);
  useUndoDeleteKey(store);
  useWindowFileDrop(store, setDragging);
  const screen = useAppStore((state) => state.screen);
  const shownScreen = useRef(screen);
  useEffect(() => {
    if (shownScreen.current === screen) return;
    shownScreen.current = screen;
    // A switch by shortcut removes the focused control with the old screen: focus the new
    // screen's heading (screens that focus something themselves, like Ctrl+F, already did).
    if (focusIsLost()) focusScreenHeading();
  }, [screen]);
  return (
    <div className="app">
      <Nav />
      <main className="content">
        {/* Says which screen is showing when it changes (a live region is quiet at first). */}
        <p className="visually-hidden" role="status">
          {t('app.screenShown', { screen: t(`screens.${screen}`) })}
        </p>
        <CurrentScreen />
      </main>
      <Toasts />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{t('app.dropImage')}</p>
        </div>
      )}
    </div>
  );
}

export interface AppProps {
  client: BridgeClient;
  store: AppStore;
}

/** The whole UI: subscribes to main's events, loads the first data, then shows the shell. */
export function App({ client, store }: AppProps) {
  useEffect(() => {
    const disconnect = connectBridgeEvents(store, client);
    void loadInitialData(store);
    return disconnect;
  }, [client, store]);
  return (
    <AppProvider client={client} store={store}>
      <Shell />
    </AppProvider>
  );
}
