import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { App } from '../App';
import { AppProvider } from '../app-context';
import { createBridgeClient } from '../bridge';
import { createAppStore } from '../store/create-store';
import { createFakeBridge, type FakeBridgeState } from './fake-bridge';

/** A fresh fake bridge, client and store, as the app builds them around window.kling. */
export function makeServices(initial: Partial<FakeBridgeState> = {}) {
  const bridge = createFakeBridge(initial);
  const client = createBridgeClient(bridge);
  const store = createAppStore(client);
  return { bridge, client, store };
}

/** The whole app (events connected, first data loading) on a fake bridge. */
export function renderApp(initial: Partial<FakeBridgeState> = {}) {
  const services = makeServices(initial);
  const view = render(<App client={services.client} store={services.store} />);
  return { ...services, ...view };
}

/** One screen inside the providers, without App's start-up loads. */
export function renderWithServices(ui: ReactElement, initial: Partial<FakeBridgeState> = {}) {
  const services = makeServices(initial);
  const view = render(
    <AppProvider client={services.client} store={services.store}>
      {ui}
    </AppProvider>,
  );
  return { ...services, ...view };
}
