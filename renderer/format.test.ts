import { describe, expect, it } from 'vitest';
import { excerpt, fileName, formatBytes, formatElapsed } from './format';

describe('format', () => {
  it('formats byte sizes', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12 * 1024 * 1024)).toBe('12.0 MB');
    expect(formatBytes(250 * 1024 ** 3)).toBe('250 GB');
  });

  it('formats elapsed time as m:ss or h:mm:ss', () => {
    expect(formatElapsed(5_400)).toBe('0:05');
    expect(formatElapsed(65_000)).toBe('1:05');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    expect(formatElapsed(-10)).toBe('0:00');
  });

  it('shortens prompts and finds file names on either separator', () => {
    expect(excerpt('a  b\n c')).toBe('a b c');
    expect(excerpt('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(fileName('C:\\Users\\me\\cat.png')).toBe('cat.png');
    expect(fileName('/home/me/dog.webp')).toBe('dog.webp');
  });
});
