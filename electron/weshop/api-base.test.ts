import { describe, expect, it } from 'vitest';
import { KlingError } from '../../shared/errors';
import { WESHOP_API_BASE } from '../../shared/weshop-api';
import { apiUrl, isLoopbackHost, resolveApiBase } from './api-base';

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
