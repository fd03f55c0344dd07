import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { PowerEstimate } from '../../../shared/ipc';
import type { RenderRequest } from '../../../shared/render-request';
import { useClient } from '../../app-context';

export type Estimate = z.infer<typeof PowerEstimate>;

const ESTIMATE_DELAY_MS = 500;

/**
 * Asks main for the credit cost once the request has been still for a moment. null while
 * invalid, when the server cannot estimate, or when asking failed: the line is then hidden,
 * because an estimate is a nicety and must never block queueing.
 */
export function useEstimate(request: RenderRequest | null): Estimate {
  const client = useClient();
  const [estimate, setEstimate] = useState<Estimate>(null);
  const key = request ? JSON.stringify(request) : null;

  useEffect(() => {
    setEstimate(null);
    if (key === null) return;
    let current = true;
    const timer = setTimeout(() => {
      client
        .call('render:estimate', JSON.parse(key) as RenderRequest)
        .then((answer) => {
          if (current) setEstimate(answer);
        })
        .catch(() => {
          if (current) setEstimate(null);
        });
    }, ESTIMATE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, key]);

  return estimate;
}
