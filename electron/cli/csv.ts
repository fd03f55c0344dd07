import { KlingError } from '../../shared/errors';

/**
 * A small RFC 4180 reader: comma-separated fields, CRLF or LF between records, fields in
 * double quotes may hold commas, quotes ("" inside) and line breaks. Blank lines are skipped
 * (a spreadsheet's trailing empty row is not a request). A UTF-8 BOM is ignored.
 */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false; // distinguishes `a,` (two fields) from a blank line
  let line = 1;
  let quoteLine = 0;

  const endField = () => {
    record.push(field);
    field = '';
    fieldStarted = false;
  };
  const endRecord = () => {
    if (record.length > 0 || fieldStarted || field !== '') endField();
    const blank = record.length === 1 && record[0] === '';
    if (!blank && record.length > 0) records.push(record);
    record = [];
  };

  for (let i = 0; i < source.length; i++) {
    const char = source[i] as string;
    if (quoted) {
      if (char === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (char === '\n') line++;
        field += char;
      }
      continue;
    }
    if (char === '"' && field === '') {
      quoted = true;
      fieldStarted = true;
      quoteLine = line;
    } else if (char === ',') {
      endField();
      fieldStarted = true;
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
    } else {
      field += char;
      fieldStarted = true;
    }
  }
  if (quoted) {
    throw new KlingError(
      'invalid-input',
      `CSV line ${quoteLine}: a quoted field is never closed (a " is missing)`,
    );
  }
  endRecord();
  return records;
}
