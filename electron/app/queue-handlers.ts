import type { z } from 'zod';
import type { IPC, IpcResponse } from '../../shared/ipc';
import type { Core } from './core';

type QueueChannel = 'queue:control' | 'queue:move' | 'queue:state';
type Handlers = {
  [C in QueueChannel]: (request: z.infer<(typeof IPC)[C]['request']>) => Promise<IpcResponse<C>>;
};

/**
 * Steering the queue (engine/queue-control.ts): requests are validated by the dispatcher's
 * schemas; the engine refuses a move of a render that is not waiting, saying why.
 */
export function queueHandlers(core: Core): Handlers {
  const { engine } = core;
  return {
    'queue:control': (request) => engine.controlQueue(request),
    'queue:move': (request) => engine.moveInQueue(request),
    'queue:state': async () => engine.queueState(),
  };
}
