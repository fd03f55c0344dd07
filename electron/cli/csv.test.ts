import { describe, expect, it } from 'vitest';
import { isKlingError } from '../../shared/errors';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('splits plain fields and records (LF and CRLF)', () => {
    expect(parseCsv('a,b,c\n1,2,3\r\n4,5,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'image,prompt\n"a, b.png","she said ""go"", then\nturned"\n';
    expect(parseCsv(text)).toEqual([
      ['image', 'prompt'],
      ['a, b.png', 'she said "go", then\nturned'],
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c\nx,y,\n')).toEqual([
      ['a', '', 'c'],
      ['x', 'y', ''],
    ]);
  });

  it('skips blank lines and a UTF-8 BOM', () => {
    expect(parseCsv('\uFEFFh1,h2\n\n1,2\n\n')).toEqual([
      ['h1', 'h2'],
      ['1', '2'],
    ]);
  });

  it('names the line of a quote that is never closed', () => {
    let caught: unknown;
    try {
      parseCsv('a,b\n1,2\n3,"open\nstill open');
    } catch (error) {
      caught = error;
    }
    expect(isKlingError(caught, 'invalid-input')).toBe(true);
    expect((caught as Error).message).toContain('line 3');
  });
});
