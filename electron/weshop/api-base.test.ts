import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { WESHOP_API_BASE } from '../../shared/weshop-api';
import { apiBaseFromEnv, apiUrl, isLoopbackHost, resolveApiBase } from './api-base';

const refusal = (value: string) => {
  try {
    resolveApiBase(value);
  } catch (error) {
    expect(error).toBeInstanceOf(KlingError);
    expect((error as KlingError).kind).toBe('refused-host');
    return (error as KlingError).message;
  }
  throw new Error(`${value} was accepted`);
};

describe('resolveApiBase', () => {
  it("defaults to WeShop's API", () => {
    expect(resolveApiBase(undefined)).toBe(WESHOP_API_BASE);
    expect(resolveApiBase('  ')).toBe(WESHOP_API_BASE);
  });

  it('accepts WeShop over https and loopback addresses, without a trailing slash', () => {
    expect(resolveApiBase('https://openapi.weshop.ai/openapi/')).toBe(
      'https://openapi.weshop.ai/openapi',
    );
    expect(resolveApiBase('https://OPENAPI.weshop.ai/v2')).toBe('https://openapi.weshop.ai/v2');
    expect(resolveApiBase('http://127.0.0.1:4010/openapi')).toBe('http://127.0.0.1:4010/openapi');
    expect(resolveApiBase('http://127.8.9.10:1/x')).toBe('http://127.8.9.10:1/x');
    expect(resolveApiBase('http://localhost:9/openapi')).toBe('http://localhost:9/openapi');
    expect(resolveApiBase('http://[::1]:9/openapi')).toBe('http://[::1]:9/openapi');
  });

  it.each([
    'http://openapi.weshop.ai/openapi', // the key in clear text
    'https://evil.example/openapi',
    'https://openapi.weshop.ai.evil.example/openapi',
    'https://weshop.ai/openapi',
    'http://10.0.0.5/openapi',
    'http://128.0.0.1/openapi',
    'http://127.0.0.1.nip.io/openapi',
    'ftp://127.0.0.1/openapi',
    'https://user:pw@openapi.weshop.ai/openapi',
    'not a url',
  ])('refuses %s', (value) => {
    expect(refusal(value)).toMatch(/WESHOP_API_BASE|Refusing/);
  });
});

describe('apiBaseFromEnv', () => {
  const refusedBy = (env: Record<string, string>) => {
    try {
      apiBaseFromEnv(env);
    } catch (error) {
      expect((error as KlingError).kind).toBe('refused-host');
      return (error as KlingError).message;
    }
    throw new Error(`${JSON.stringify(env)} was accepted`);
  };

  it("reads WESHOP_BASE_URL (WeShop's CLI's name) when WESHOP_API_BASE is unset or blank", () => {
    expect(apiBaseFromEnv({ WESHOP_BASE_URL: 'http://127.0.0.1:4010/openapi/' })).toBe(
      'http://127.0.0.1:4010/openapi',
    );
    expect(
      apiBaseFromEnv({ WESHOP_API_BASE: ' ', WESHOP_BASE_URL: 'https://openapi.weshop.ai/v2' }),
    ).toBe('https://openapi.weshop.ai/v2');
    expect(apiBaseFromEnv({})).toBe(WESHOP_API_BASE);
  });

  it('lets WESHOP_API_BASE win when both are set (the other is not read)', () => {
    expect(
      apiBaseFromEnv({
        WESHOP_API_BASE: 'http://127.0.0.1:1/a',
        WESHOP_BASE_URL: 'http://127.0.0.1:2/b',
      }),
    ).toBe('http://127.0.0.1:1/a');
    // The losing one is never used, so even a refused host there sends nothing anywhere.
    expect(
      apiBaseFromEnv({
        WESHOP_API_BASE: 'http://127.0.0.1:1/a',
        WESHOP_BASE_URL: 'https://evil.example/openapi',
      }),
    ).toBe('http://127.0.0.1:1/a');
  });

  it.each([
    'https://evil.example/openapi',
    'http://openapi.weshop.ai/openapi',
    'https://user:pw@127.0.0.1/openapi',
    'not a url',
  ])('applies the same host rules to WESHOP_BASE_URL=%s, naming that variable', (value) => {
    const message = refusedBy({ WESHOP_BASE_URL: value });
    expect(message).toContain('WESHOP_BASE_URL');
    expect(message).not.toContain('WESHOP_API_BASE');
  });

  it('refuses a bad WESHOP_API_BASE even when WESHOP_BASE_URL is good (never falls through)', () => {
    expect(
      refusedBy({
        WESHOP_API_BASE: 'https://evil.example/openapi',
        WESHOP_BASE_URL: 'http://127.0.0.1:2/b',
      }),
    ).toContain('WESHOP_API_BASE');
  });
});

describe('isLoopbackHost', () => {
  it('knows 127.0.0.0/8, localhost and [::1] only', () => {
    expect(['127.0.0.1', '127.255.0.3', 'localhost', '[::1]'].every(isLoopbackHost)).toBe(true);
    expect(
      ['127.0.0.256', '127.0.0', '0.0.0.0', '[::2]', 'localhost.evil'].some(isLoopbackHost),
    ).toBe(false);
  });
});

describe('apiUrl', () => {
  it('joins a path to the base', () => {
    expect(apiUrl('https://openapi.weshop.ai/openapi', '/agent/runs').href).toBe(
      'https://openapi.weshop.ai/openapi/agent/runs',
    );
  });

  it('refuses a path that would leave the origin', () => {
    expect(() => apiUrl('https://openapi.weshop.ai', '@evil.example/x')).toThrow(KlingError);
  });
});
