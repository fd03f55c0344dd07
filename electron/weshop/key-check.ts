import { KlingError } from '../../shared/errors';
import { WESHOP_PATHS } from '../../shared/weshop-api';

/** A harmless authenticated GET: a run id that cannot exist. */
export const KEY_CHECK_PATH = WESHOP_PATHS.run('kling-studio-key-check');

export const KEY_WORKS = { ok: true, message: 'The key works: WeShop accepted it.' } as const;

/** What a failed key check means: only a key refusal or no answer at all is "not ok". */
export function keyCheckResult(error: unknown): { ok: boolean; message: string } {
  if (!(error instanceof KlingError)) {
    return { ok: false, message: 'The key could not be checked because of an internal error.' };
  }
  switch (error.kind) {
    case 'no-key':
    case 'bad-key':
    case 'refused-host':
    case 'internal':
      return { ok: false, message: error.message };
    case 'network':
    case 'timeout':
    case 'canceled':
      return {
        ok: false,
        message: `WeShop could not be reached to check the key; check your connection. (${error.message})`,
      };
    case 'server-error':
      return {
        ok: false,
        message: `WeShop had a server error, so the key could not be checked; try again later. (${error.message})`,
      };
    default:
      // The request got past authentication (404 for the made-up run id, 400, 429, …).
      return { ...KEY_WORKS };
  }
}
