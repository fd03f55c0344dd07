export { apiBaseFromEnv, apiUrl, isLoopbackHost, resolveApiBase } from './api-base';
export { createWeShopClient, KEY_CHECK_PATH, type WeShopClientDeps } from './client';
export {
  MAX_RETRY_AFTER_MS,
  mapFetchFailure,
  mapHttpError,
  parseRetryAfter,
  readServerError,
} from './error-mapping';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelay } from './retry';
export { buildStartRunBody } from './run-body';
export type { PowerEstimate, StartedRun, WeShopApi } from './types';
