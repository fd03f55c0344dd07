import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, CSP_HEADER, CSP_META } from '../../electron/shell/csp';

// One policy, shipped twice: the meta tag in renderer/index.html (and so in the built
// dist/renderer/index.html: test/e2e/csp.spec.ts reads the built page) and the header on every
// app:// response.
const root = join(import.meta.dirname, '..', '..');

function metaPolicy(html: string): string {
  const match = html.match(
    /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i,
  );
  if (!match?.[1]) throw new Error('no CSP meta tag');
  return match[1];
}

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name as string, sources]),
  );
}

describe('Content-Security-Policy', () => {
  it('renderer/index.html ships exactly CSP_META', () => {
    expect(metaPolicy(readFileSync(join(root, 'renderer', 'index.html'), 'utf8'))).toBe(CSP_META);
  });

  it('the header is the same policy plus frame-ancestors (ignored in a meta tag)', () => {
    expect(CSP_HEADER).toBe(`${CSP_META}; frame-ancestors 'none'`);
  });

  it('is strict', () => {
    const policy = directives(CSP_HEADER);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    for (const [name, sources] of policy) {
      for (const source of sources) {
        expect(source, name).not.toMatch(/unsafe-|\*|^https?:|^blob:|127\.0\.0\.1|localhost/);
      }
      if (name !== 'img-src') expect(sources, name).not.toContain('data:');
    }
    expect(CSP_DIRECTIVES.length).toBe(policy.size - 1);
  });
});
