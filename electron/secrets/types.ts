import type { KeyStatus } from '../../shared/settings';

/** Where the WeShop API key lives: WESHOP_API_KEY first, else the OS keychain. */
export interface SecretStore {
  get(): Promise<string | null>;
  set(key: string): Promise<void>;
  clear(): Promise<void>;
  status(): Promise<KeyStatus>;
}

/** The keychain half, so tests can put an in-memory one in keytar's place. */
export interface KeychainBackend {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}
