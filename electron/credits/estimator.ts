import { type CreditEstimate, estimateFrom, type PowerFigure } from '../../shared/credits';
import { isKlingError } from '../../shared/errors';
import { isRemoteImage, type RenderRequest, requestImages } from '../../shared/render-request';
import { buildStartRunBody } from '../weshop/run-body';
import type { WeShopApi } from '../weshop/types';

/** An answer is reused this long: prices move rarely, and New render asks on every change. */
const FIGURE_TTL_MS = 5 * 60_000;
/** A missing answer is asked for again sooner (the endpoint may have been down a moment). */
const MISSING_TTL_MS = 15_000;
const MAX_CACHED = 200;

export interface EstimatorDeps {
  api: Pick<WeShopApi, 'estimatePower'>;
  /**
   * The URL WeShop can read a local image at (uploaded once per image), or null when there is
   * none yet; https images are used as they are and never reach this.
   */
  uploadedUrlFor(localPath: string): Promise<string | null>;
  /** The last balance WeShop reported (the ledger's newest), if any. */
  latestBalance(): Promise<number | undefined>;
  now(): number;
  log?(message: string, fields: Record<string, unknown>): void;
}

export interface Estimator {
  /** Never throws for a missing figure: credits null with the reason in `unavailable`. */
  estimate(request: RenderRequest): Promise<CreditEstimate>;
}

const NO_UPLOAD =
  'the image is not uploaded yet, and WeShop estimates only images it can read. It is uploaded when you pick it.';

/**
 * WeShop's power estimate for a request, cached per request body (the same body is asked
 * once per TTL, and concurrent asks share one request), plus the last balance seen.
 */
export function createEstimator(deps: EstimatorDeps): Estimator {
  const cache = new Map<string, { at: number; figure: Promise<PowerFigure | null> }>();

  function figureFor(
    request: RenderRequest,
    imageUrls: readonly string[],
  ): Promise<PowerFigure | null> {
    const key = JSON.stringify(buildStartRunBody(request, imageUrls));
    const now = deps.now();
    const cached = cache.get(key);
    if (cached) {
      cache.delete(key); // re-insert below: the map's order is least recently used first
      cache.set(key, cached);
      return cached.figure.then(
        (figure) => {
          const ttl = figure === null ? MISSING_TTL_MS : FIGURE_TTL_MS;
          if (now - cached.at <= ttl) return figure;
          cache.delete(key);
          return figureFor(request, imageUrls);
        },
        (error: unknown) => {
          // A refusal is asked again as soon as a missing answer would be.
          if (now - cached.at <= MISSING_TTL_MS) throw error;
          cache.delete(key);
          return figureFor(request, imageUrls);
        },
      );
    }
    const figure = deps.api.estimatePower(request, imageUrls);
    cache.set(key, { at: now, figure });
    while (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value as string);
    return figure;
  }

  return {
    async estimate(request) {
      const balance = await deps.latestBalance().catch((error: unknown) => {
        deps.log?.('estimate: last balance unreadable', { err: error });
        return undefined;
      });
      const imageUrls: string[] = [];
      for (const picture of requestImages(request)) {
        if (isRemoteImage(picture)) {
          imageUrls.push(picture);
          continue;
        }
        try {
          const url = await deps.uploadedUrlFor(picture);
          if (url === null) return estimateFrom(null, balance, NO_UPLOAD);
          imageUrls.push(url);
        } catch (error) {
          deps.log?.('estimate: the image could not be uploaded', { err: error });
          const reason = error instanceof Error ? error.message : String(error);
          return estimateFrom(null, balance, `the image could not be uploaded (${reason}).`);
        }
      }
      try {
        return estimateFrom(await figureFor(request, imageUrls), balance);
      } catch (error) {
        // WeShop said this request is wrong (e.g. a model that refuses the end frame): the
        // start would be refused too, so the estimate line says why instead of "no estimate".
        if (!isKlingError(error, 'invalid-input')) throw error;
        return estimateFrom(null, balance, `WeShop refused this render: ${error.message}`);
      }
    },
  };
}
