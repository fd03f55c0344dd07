import { useCallback, useEffect, useState } from 'react';
import type { QueueControlRequest, QueueMoveRequest, QueueState } from '../../../shared/queue';
import { useClient } from '../../app-context';

const UNKNOWN: QueueState = { paused: false, pausedSets: [], order: [] };

/**
 * The queue's pauses and the order of the waiting renders, as the core says (queue:state at
 * mount, then every queue:changed: a pause from the CLI shows up here too), with the calls
 * that steer it. Each call resolves with the core's answer or throws its error.
 */
export function useQueueSteering() {
  const client = useClient();
  const [state, setState] = useState<QueueState>(UNKNOWN);
  useEffect(() => {
    let live = true;
    const off = client.on('queue:changed', (next) => setState(next));
    client
      .call('queue:state', {})
      .then((next) => {
        if (live) setState(next);
      })
      // An unknown steering state shows the queue unpaused in creation order: said in the log.
      .catch((error: unknown) => console.warn('queue:state failed', error));
    return () => {
      live = false;
      off();
    };
  }, [client]);

  const control = useCallback(
    async (request: QueueControlRequest) => {
      const result = await client.call('queue:control', request);
      setState({ paused: result.paused, pausedSets: result.pausedSets, order: result.order });
      return result;
    },
    [client],
  );
  const move = useCallback(
    async (request: QueueMoveRequest) => {
      setState(await client.call('queue:move', request));
    },
    [client],
  );
  return { state, control, move };
}
