import type { KeychainBackend } from './types';

/** An in-memory keychain for tests and for runs where no OS keychain is wanted. */
export function memoryKeychain(initial: Record<string, string> = {}): KeychainBackend {
  const entries = new Map<string, string>(Object.entries(initial));
  const id = (service: string, account: string) => `${service}\u0000${account}`;
  return {
    async getPassword(service, account) {
      return entries.get(id(service, account)) ?? null;
    },
    async setPassword(service, account, password) {
      entries.set(id(service, account), password);
    },
    async deletePassword(service, account) {
      return entries.delete(id(service, account));
    },
  };
}
