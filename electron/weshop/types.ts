import type { RenderRequest } from '../../shared/render-request';
import type { RunSnapshot } from '../../shared/weshop-api';

/** What the run engine needs from WeShop. Implemented by createWeShopClient (client.ts). */
export interface WeShopApi {
  /** Checks the image locally (format by content, size, dimensions), then streams it up. Returns its URL. */
  uploadImage(localPath: string, options?: { signal?: AbortSignal }): Promise<string>;
  /**
   * Never retried automatically: it may charge credits. Sends Idempotency-Key. A 429 or code
   * 40005 (nothing was created) throws kind 'rate-limited' with retryAfterMs when the server
   * gave one; waiting and starting again is the caller's decision. `taskName` labels the run
   * in WeShop's history (default: the prompt's start; the engine sends the render's name and id).
   */
  startRun(
    request: RenderRequest,
    imageUrls: readonly string[],
    idempotencyKey: string,
    options?: { signal?: AbortSignal; taskName?: string },
  ): Promise<StartedRun>;
  /**
   * One poll; retried internally on 429/5xx/network errors (bounded; a Retry-After longer
   * than the policy's maxInlineRetryAfterMs is thrown to the caller with retryAfterMs).
   * Reads every legal envelope (executions[], null, absent; results without video).
   */
  getRun(executionId: string, options?: { signal?: AbortSignal }): Promise<RunSnapshot>;
  /**
   * null when the estimate endpoint does not answer usefully (never throws for that); throws
   * KlingError 'invalid-input' when WeShop refuses the request itself (a start would be too).
   */
  /** `imageUrls`: the request's pictures on WeShop, in requestImages order ([] for text only). */
  estimatePower(
    request: RenderRequest,
    imageUrls: readonly string[],
  ): Promise<PowerEstimate | null>;
  /** Checks the key with a harmless authenticated request. */
  testKey(): Promise<{ ok: boolean; message: string }>;
}

/**
 * Awaited by the client before every request it sends (every endpoint, first attempts and
 * retries alike), told which attempt of the operation it is. The app passes the engine's
 * global rate limiter for attempts after the first: the engine already takes a turn before
 * each poll, so the retries inside a poll count against the same cap without counting twice.
 * It gets the call's signal and should reject when it aborts; a rejection means the request
 * is not sent (the client turns it into a KlingError: 'canceled' when the signal aborted).
 */
export type BeforeRequest = (signal: AbortSignal | undefined, attempt: number) => Promise<void>;

export interface StartedRun {
  executionId: string;
  credits?: { powerConsumption?: number; powerBalanceAmount?: number };
}

export interface PowerEstimate {
  totalPower: number;
  notEnough: boolean;
}
