/**
 * One place that knows what a secret looks like once it has been copied around: the key as
 * typed, inside JSON (escaped), percent-encoded, base64 (also in the middle of a longer base64
 * run, e.g. `Basic <user:key>`), base64url and hex. Every log line and every piece of server
 * text we keep goes through redactSecrets.
 */

export const REDACTED = '[redacted]';

/** Shorter strings are not treated as secrets: redacting "abc" everywhere would shred text. */
const MIN_SECRET_LENGTH = 8;

/**
 * `Authorization: <value>` / `"authorization":"<value>"` / `authorization=<value>`, with an
 * optional scheme word (Bearer, Basic): the value goes whatever it is, even a key we never saw.
 */
const AUTH_HEADER =
  /(\b(?:proxy-)?authorization\b["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token)\s+)?[^\s"',;}]+/gi;

/** Base64 of `key` as it appears inside a longer base64 run starting 0, 1 or 2 bytes earlier. */
function base64Fragments(key: Buffer): string[] {
  const out: string[] = [];
  for (let shift = 0; shift < 3; shift++) {
    const encoded = Buffer.concat([Buffer.alloc(shift), key]).toString('base64');
    // Characters that mix in bits of the unknown bytes before/after the key are dropped.
    const skip = shift === 0 ? 0 : shift + 1;
    const keep = Math.floor((shift + key.length) / 3) * 4;
    out.push(encoded.slice(skip, keep));
  }
  // The whole, padded encoding of the key alone (the common case), too.
  out.push(key.toString('base64'));
  return out;
}

/** Forms per secret, computed once: a log line is redacted for every write. */
const formsCache = new Map<string, string[]>();
const FORMS_CACHE_SIZE = 16;

/** Every form of `secret` worth looking for, longest first so a longer form wins a replace. */
export function secretForms(secret: string): string[] {
  const cached = formsCache.get(secret);
  if (cached) return cached;
  const forms = computeForms(secret);
  if (formsCache.size >= FORMS_CACHE_SIZE) formsCache.clear();
  formsCache.set(secret, forms);
  return forms;
}

function computeForms(secret: string): string[] {
  const raw = secret.trim();
  if (raw.length < MIN_SECRET_LENGTH) return [];
  const bytes = Buffer.from(raw, 'utf8');
  const forms = new Set<string>([
    raw,
    JSON.stringify(raw).slice(1, -1),
    encodeURIComponent(raw),
    bytes.toString('hex'),
    bytes.toString('hex').toUpperCase(),
  ]);
  for (const b64 of base64Fragments(bytes)) {
    forms.add(b64);
    forms.add(b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  }
  return [...forms]
    .filter((form) => form.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
}

export type Secrets = string | readonly string[] | null | undefined;

const asList = (secrets: Secrets): readonly string[] =>
  secrets === null || secrets === undefined
    ? []
    : typeof secrets === 'string'
      ? [secrets]
      : secrets;

/**
 * `text` with every form of every secret replaced by [redacted], and any Authorization value
 * removed. Call it BEFORE truncating text: a cut key is no longer recognisable.
 */
export function redactSecrets(text: string, secrets: Secrets): string {
  let out = text.replace(AUTH_HEADER, `$1${REDACTED}`);
  for (const secret of asList(secrets)) {
    for (const form of secretForms(secret)) {
      if (out.includes(form)) out = out.split(form).join(REDACTED);
    }
  }
  return out;
}

/** True when `text` holds any form of a secret (a quick check before a deeper walk). */
export function containsSecret(text: string, secrets: Secrets): boolean {
  return asList(secrets).some((secret) => secretForms(secret).some((form) => text.includes(form)));
}

/**
 * A parsed JSON value with every string redacted (object keys too). Used on WeShop's answers so
 * a key the server echoed (in a failure reason, say) never reaches a manifest on disk.
 */
export function redactJson(value: unknown, secrets: Secrets): unknown {
  if (typeof value === 'string') return redactSecrets(value, secrets);
  if (Array.isArray(value)) return value.map((item) => redactJson(item, secrets));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [redactSecrets(k, secrets), redactJson(v, secrets)]),
    );
  }
  return value;
}
