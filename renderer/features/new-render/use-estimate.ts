import { useEffect, useRef, useState } from 'react';
import type { CreditEstimate } from '../../../shared/credits';
import type { RenderRequest } from '../../../shared/render-request';
import { useAppStore, useClient } from '../../app-context';
import { errorMessage } from '../../bridge';
import { selectCostedRenderCount } from '../../store/selectors';

/** What New render shows about the cost: nothing yet, asking, WeShop's answer, or why not. */
export type EstimateState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; estimate: CreditEstimate }
  | { status: 'failed'; message: string };

const ESTIMATE_DELAY_MS = 500;
const MAX_REMEMBERED = 50;

/**
 * Asks main for the credit cost once the request has been still for a moment, and remembers
 * each answer per request body, so going back to an earlier model or duration shows its cost
 * at once. A missing figure is said out loud (never hidden), and never blocks queueing.
 * An answer carries the balance too, so once a render is paid (the balance moved) every
 * remembered answer is dropped and the current request is asked again.
 */
export function useEstimate(request: RenderRequest | null, imageUploaded = false): EstimateState {
  const client = useClient();
  const remembered = useRef(new Map<string, CreditEstimate>());
  const [state, setState] = useState<EstimateState>({ status: 'idle' });
  const key = request ? JSON.stringify(request) : null;
  const paidRenders = useAppStore(selectCostedRenderCount);
  const rememberedAt = useRef(paidRenders);

  // WeShop estimates only an image it can read: a figure missing while the upload failed is
  // asked for again once the upload lands (Try again), not left saying the upload failed.
  const [askAgain, setAskAgain] = useState(0);
  const missing =
    state.status === 'failed' || (state.status === 'ready' && state.estimate.credits === null);
  const missingNow = useRef(missing);
  missingNow.current = missing;
  useEffect(() => {
    if (imageUploaded && missingNow.current) setAskAgain((n) => n + 1);
  }, [imageUploaded]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: askAgain re-asks after an upload lands
  useEffect(() => {
    if (rememberedAt.current !== paidRenders) {
      rememberedAt.current = paidRenders;
      remembered.current.clear();
    }
    if (key === null) {
      setState({ status: 'idle' });
      return;
    }
    const known = remembered.current.get(key);
    if (known) {
      setState({ status: 'ready', estimate: known });
      return;
    }
    setState({ status: 'loading' });
    let current = true;
    const timer = setTimeout(() => {
      client
        .call('render:estimate', JSON.parse(key) as RenderRequest)
        .then((estimate) => {
          // A figure is kept; a missing one is asked for again next time.
          if (estimate.credits !== null) {
            remembered.current.set(key, estimate);
            if (remembered.current.size > MAX_REMEMBERED) {
              remembered.current.delete(remembered.current.keys().next().value as string);
            }
          }
          if (current) setState({ status: 'ready', estimate });
        })
        .catch((error: unknown) => {
          if (current) setState({ status: 'failed', message: errorMessage(error) });
        });
    }, ESTIMATE_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, key, paidRenders, askAgain]);

  return state;
}
