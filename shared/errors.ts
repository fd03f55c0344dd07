import { z } from 'zod';
import {
  type CoreMessageId,
  coreSaid,
  type MessageParam,
  type MessageParams,
  MessageRef,
} from './core-messages';

/** Every failure the core, CLI and renderer can tell apart. */
export const ErrorKind = z.enum([
  'invalid-input', // bad request/image/IPC payload: nothing was sent
  'no-key', // no API key set
  'bad-key', // 401/403, 40001/40003/40004
  'insufficient-credits', // 402 or a body about power/credits/balance
  'rate-limited', // 429 or 40005 (too many simultaneous runs)
  'server-error', // 5xx, 5000x
  'network', // offline, DNS, connection reset
  'timeout', // a request took too long
  'invalid-response', // a body that does not match the contract
  'refused-host', // a base URL or redirect that would carry the key elsewhere
  'run-failed', // the render itself failed on WeShop's side
  'download-failed', // a video could not be fetched or verified
  'not-found', // no such render/file
  'canceled',
  'needs-attention', // the start may have reached WeShop but we have no id
  'internal',
]);
export type ErrorKind = z.infer<typeof ErrorKind>;

/** The serialisable form that crosses IPC, lands in manifests and in --json output. */
export const AppError = z.object({
  kind: ErrorKind,
  message: z.string(),
  retryable: z.boolean().optional(),
  status: z.number().int().optional(),
  /** Which of our messages `message` is, with its values (shared/core-messages.ts). */
  messageRef: MessageRef.optional(),
});
export type AppError = z.infer<typeof AppError>;

export class KlingError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  readonly status: number | undefined;
  /** Seconds the server asked us to wait (Retry-After), when it said. */
  readonly retryAfterMs: number | undefined;
  /** Which of our messages this is (absent for text we did not author, e.g. Node's). */
  readonly messageRef: MessageRef | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: {
      retryable?: boolean;
      status?: number;
      retryAfterMs?: number | undefined;
      cause?: unknown;
      messageRef?: MessageRef;
    } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'KlingError';
    this.kind = kind;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.messageRef = options.messageRef;
  }

  toJSON(): AppError {
    return toAppError(this);
  }
}

/**
 * The one "no such render" error (library, engine, IPC and CLI all say it the same way);
 * `hint` says where to look, e.g. "see `kling-studio list`".
 */
export const renderNotFound = (id: string, hint?: string) =>
  hint
    ? coreError('not-found', 'renderNotFoundHint', { id, hint })
    : coreError('not-found', 'renderNotFound', { id });

/**
 * The message of anything thrown: an Error's message, else its string form. For log lines and
 * wrapped errors; user-facing text goes through toAppError / the renderer's errorMessage.
 */
export const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/** Turns anything thrown into an AppError; never carries a stack or a cause chain. */
export function toAppError(error: unknown): AppError {
  if (error instanceof KlingError) {
    const out: AppError = { kind: error.kind, message: error.message, retryable: error.retryable };
    if (error.status !== undefined) out.status = error.status;
    if (error.messageRef) out.messageRef = error.messageRef;
    return out;
  }
  const parsed = AppError.safeParse(error);
  if (parsed.success) return parsed.data;
  return { kind: 'internal', message: messageOf(error) || 'Something went wrong' };
}

/** A KlingError whose message is one of ours: English text, id and values together. */
export function coreError(
  kind: ErrorKind,
  id: CoreMessageId,
  params?: MessageParams,
  options: Omit<ConstructorParameters<typeof KlingError>[2] & object, 'messageRef'> = {},
): KlingError {
  const said = coreSaid(id, params);
  return new KlingError(kind, said.text, { ...options, messageRef: said.ref });
}

/** Anything thrown as a value inside another message: with its ref when it has one. */
export function errorParam(error: unknown): MessageParam {
  if (error instanceof KlingError && error.messageRef) {
    return { text: error.message, ref: error.messageRef };
  }
  const parsed = AppError.safeParse(error);
  if (parsed.success && parsed.data.messageRef) {
    return { text: parsed.data.message, ref: parsed.data.messageRef };
  }
  return messageOf(error);
}

export const isKlingError = (error: unknown, kind?: ErrorKind): error is KlingError =>
  error instanceof KlingError && (kind === undefined || error.kind === kind);
