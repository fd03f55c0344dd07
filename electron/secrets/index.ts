export { guardKeychain, loadKeytarKeychain } from './keytar-keychain';
export { memoryKeychain } from './memory-keychain';
export {
  createSecretStore,
  DEFAULT_ACCOUNT,
  DEFAULT_SERVICE,
  normaliseApiKey,
  type SecretStoreDeps,
} from './store';
export type { KeychainBackend, SecretStore } from './types';
