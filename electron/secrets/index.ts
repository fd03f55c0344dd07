export { loadKeytarKeychain } from './keytar-keychain';
export { memoryKeychain } from './memory-keychain';
export { createSecretStore } from './store';
