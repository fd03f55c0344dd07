import { toAppError } from '../../shared/errors';

/**
 * One line for `error: <message>`: no stack, no cause chain, line breaks folded, and any
 * secret we know of (the API key) cut out even if some layer echoed it.
 */
export function oneLineMessage(error: unknown, secrets: readonly string[] = []): string {
  let message = toAppError(error)
    .message.replace(/\s*[\r\n]+\s*/g, ' ')
    .trim();
  for (const secret of secrets) {
    if (secret.length >= 4) message = message.split(secret).join('[redacted]');
  }
  return message || 'Something went wrong';
}

/** Values that must never be printed: the key from the environment, when there is one. */
export function knownSecrets(env: Record<string, string | undefined>): string[] {
  const key = env.WESHOP_API_KEY?.trim();
  return key ? [key] : [];
}
