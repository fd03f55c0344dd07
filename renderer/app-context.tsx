import { createContext, type ReactNode, useContext } from 'react';
import { useStore } from 'zustand';
import type { BridgeClient } from './bridge';
// Initialises i18next before any screen asks useTranslation (the app and every test render).
import './i18n';
import type { AppState, AppStore } from './store/types';

interface AppServices {
  client: BridgeClient;
  store: AppStore;
}

const AppContext = createContext<AppServices | null>(null);

/** Hands the bridge client and the store to every screen (tests pass a fake bridge's). */
export function AppProvider({ client, store, children }: AppServices & { children: ReactNode }) {
  return <AppContext.Provider value={{ client, store }}>{children}</AppContext.Provider>;
}

function useServices(): AppServices {
  const services = useContext(AppContext);
  if (!services) throw new Error('AppProvider is missing above this component');
  return services;
}

export const useClient = (): BridgeClient => useServices().client;
export const useStoreApi = (): AppStore => useServices().store;

export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}
