import type { RenderRequest } from '../../shared/render-request';
import type { RunSnapshot } from '../../shared/weshop-api';

/** What the run engine needs from WeShop. Implemented by createWeShopClient (client.ts). */
export interface WeShopApi {
  /** Checks the image locally (format by content, size, dimensions), then streams it up. Returns its URL. */
  uploadImage(localPath: string, options?: { signal?: AbortSignal }): Promise<string>;
  /** Never retried automatically: it may charge credits. Sends Idempotency-Key. */
  startRun(
    request: RenderRequest,
    imageUrl: string,
    idempotencyKey: string,
    options?: { signal?: AbortSignal },
  ): Promise<StartedRun>;
  /** One poll; retried internally on 429/5xx/network errors (bounded). */
  getRun(executionId: string, options?: { signal?: AbortSignal }): Promise<RunSnapshot>;
  /** null when the estimate endpoint does not answer usefully; never throws for that. */
  estimatePower(request: RenderRequest, imageUrl: string): Promise<PowerEstimate | null>;
  /** Checks the key with a harmless authenticated request. */
  testKey(): Promise<{ ok: boolean; message: string }>;
}

export interface StartedRun {
  executionId: string;
  credits?: { powerConsumption?: number; powerBalanceAmount?: number };
}

export interface PowerEstimate {
  totalPower: number;
  notEnough: boolean;
}
