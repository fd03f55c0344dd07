import { KlingError } from '../../shared/errors';
import { WESHOP_API_BASE, WESHOP_API_HOST } from '../../shared/weshop-api';

const refused = (message: string) => new KlingError('refused-host', message);

/** 127.0.0.0/8, localhost and [::1]: the only places besides WeShop a key may go (tests). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === 'localhost' || host === '[::1]') return true;
  const parts = host.split('.');
  return (
    parts.length === 4 &&
    parts[0] === '127' &&
    parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)
  );
}

/** The variables that may name the API base, in the order they win (WeShop's own CLI reads the second). */
export const API_BASE_VARIABLES = ['WESHOP_API_BASE', 'WESHOP_BASE_URL'] as const;
export type ApiBaseVariable = (typeof API_BASE_VARIABLES)[number];

/**
 * The API base from the environment: WESHOP_API_BASE when set (this app's own name, so a
 * WESHOP_BASE_URL kept for WeShop's CLI can stay as it is), else WESHOP_BASE_URL, else
 * WeShop's. Whichever is used passes the same host rules (resolveApiBase); the other is not
 * used for anything, so it cannot send the key anywhere.
 */
export function apiBaseFromEnv(env: Readonly<Record<string, string | undefined>>): string {
  for (const name of API_BASE_VARIABLES) {
    if (env[name]?.trim()) return resolveApiBase(env[name], name);
  }
  return WESHOP_API_BASE;
}

/**
 * The API base to use, from WESHOP_API_BASE (unset → WeShop's). Anything that could carry the
 * key elsewhere (another host, plain http off loopback, credentials in the URL) is refused
 * before a single request is made. `name` is the variable the value came from, for messages.
 */
export function resolveApiBase(
  envValue: string | undefined,
  name: ApiBaseVariable = 'WESHOP_API_BASE',
): string {
  const raw = envValue?.trim();
  if (!raw) return WESHOP_API_BASE;
  if (!URL.canParse(raw)) throw refused(`${name} is not a valid URL: ${raw}`);
  const url = new URL(raw);
  if (url.username || url.password) {
    throw refused(`${name} must not contain a user name or password`);
  }
  const isWeShop = url.protocol === 'https:' && url.hostname.toLowerCase() === WESHOP_API_HOST;
  const isLocal =
    (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  if (!isWeShop && !isLocal) {
    throw refused(
      `Refusing to send the API key to ${url.protocol}//${url.host}: ${name} must be https://${WESHOP_API_HOST}/… or a loopback address (127.0.0.1, localhost, [::1])`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The full URL for an API path, refused unless it stays on the API base's origin. */
export function apiUrl(apiBase: string, path: string): URL {
  const url = new URL(`${apiBase}${path}`);
  const expected = new URL(apiBase).origin;
  if (url.origin !== expected) {
    throw refused(`Refusing to send the API key to ${url.host}: not the WeShop API (${expected})`);
  }
  return url;
}
