import { plainUrl } from './plain-url';

// shell.openExternal hands a URL to the OS, which may run whatever handles its scheme, so
// only pages the app itself links to are allowed: WeShop's key page and docs (all on
// open.weshop.ai, over https, no credentials or odd ports).
export const EXTERNAL_HOSTS: ReadonlySet<string> = new Set(['open.weshop.ai']);

export function isAllowedExternalUrl(url: string): boolean {
  const parsed = plainUrl(url);
  return parsed?.protocol === 'https:' && EXTERNAL_HOSTS.has(parsed.hostname);
}
