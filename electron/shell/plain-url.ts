/**
 * The URL parsed, when it is one and carries no userinfo and no explicit port (neither has a
 * place in the app's own URLs or in the pages it links to); null otherwise.
 */
export function plainUrl(url: string): URL | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const plain = parsed.port === '' && parsed.username === '' && parsed.password === '';
  return plain ? parsed : null;
}
