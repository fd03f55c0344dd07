import { describe, expect, it } from 'vitest';
import { containsSecret, REDACTED, redactJson, redactSecrets, secretForms } from './redact';

const KEY = 'wk-live-9f8e7d6c5b4a3210';

describe('redactSecrets', () => {
  it('removes the key as typed, in JSON, percent-encoded, hex and base64', () => {
    const forms = {
      raw: KEY,
      hex: Buffer.from(KEY).toString('hex'),
      HEX: Buffer.from(KEY).toString('hex').toUpperCase(),
      base64: Buffer.from(KEY).toString('base64'),
      base64url: Buffer.from(KEY).toString('base64url'),
    };
    for (const [name, form] of Object.entries(forms)) {
      const out = redactSecrets(`before ${form} after`, KEY);
      expect(out, name).toBe(`before ${REDACTED} after`);
    }
  });

  it('finds the key inside a longer base64 run, whatever its alignment', () => {
    for (const prefix of ['', 'u', 'us', 'user:']) {
      const encoded = Buffer.from(`${prefix}${KEY}:tail`).toString('base64');
      const out = redactSecrets(`Basic-ish ${encoded}`, KEY);
      expect(out, `prefix "${prefix}"`).toContain(REDACTED);
      // What is left around the marker is too short to rebuild the key from.
      for (const piece of out.split(REDACTED)) {
        const decoded = Buffer.from(piece.replace('Basic-ish ', ''), 'base64').toString('latin1');
        expect(decoded).not.toContain(KEY.slice(0, 8));
      }
    }
  });

  it('removes any Authorization value, even of a key it was never told about', () => {
    expect(redactSecrets('Authorization: Bearer abc.def-123 next', null)).toBe(
      `Authorization: ${REDACTED} next`,
    );
    expect(redactSecrets('{"authorization":"sk-unknown","x":1}', [])).toBe(
      `{"authorization":"${REDACTED}","x":1}`,
    );
    expect(JSON.parse(redactSecrets('{"headers":{"Authorization":"k-123"}}', null))).toEqual({
      headers: { Authorization: REDACTED },
    });
  });

  it('leaves text without secrets alone and ignores secrets too short to be keys', () => {
    expect(redactSecrets('nothing to see', KEY)).toBe('nothing to see');
    expect(secretForms('abc')).toEqual([]);
    expect(redactSecrets('abc abc', 'abc')).toBe('abc abc');
  });

  it('redacts every string of a JSON value, keys included', () => {
    const value = { data: { message: `failed for ${KEY}`, [KEY]: [KEY, 3, null] } };
    expect(redactJson(value, KEY)).toEqual({
      data: { message: `failed for ${REDACTED}`, [REDACTED]: [REDACTED, 3, null] },
    });
    expect(containsSecret(JSON.stringify(value), KEY)).toBe(true);
    expect(containsSecret('clean', KEY)).toBe(false);
  });
});
