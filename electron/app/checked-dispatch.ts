import { IPC, type IpcChannel } from '../../shared/ipc';
import { checkIpcResult } from '../../shared/ipc-checks';
import type { Logger } from '../logging/logger';
import type { IpcDispatch } from './ipc-handlers';

/**
 * The dispatch with every answer checked against its channel's response schema
 * (shared/ipc-checks.ts). Used in development (main.ts, when the app is not packaged) and by
 * the E2E studio bridge, so a core that drifts from shared/ipc.ts fails where it is run, not
 * as an odd screen. Packaged builds skip it: the schemas were proven by then, and a large
 * render:list answer would be parsed twice.
 */
export function withResponseChecks(
  dispatch: IpcDispatch,
  logger: Pick<Logger, 'error'>,
): IpcDispatch {
  return async (channel, payload) => {
    const result = await dispatch(channel, payload);
    // An unknown channel was already refused by the dispatch, with its own error.
    if (!Object.hasOwn(IPC, channel)) return result;
    const checked = checkIpcResult(channel as IpcChannel, result);
    if (!checked.ok && result.ok) {
      logger.error('ipc answer does not match its schema', {
        channel,
        problem: checked.error.message,
      });
    }
    return checked;
  };
}
