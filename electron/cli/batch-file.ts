import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { KlingError } from '../../shared/errors';
import { parseCsv } from './csv';
import { normaliseDuration, parseWholeNumber, resolveImageArgument } from './request-input';

/** One request of a batch file, numbered from 1 in file order (the CSV header is not a row). */
export interface BatchRow {
  row: number;
  /** The request as read (image resolved against the file's folder), or null when unreadable. */
  input: Record<string, unknown> | null;
  /** Why the row could not be read at all (e.g. a CSV row with too many fields). */
  problem?: string;
}

export const CSV_COLUMNS = ['image', 'prompt', 'model', 'duration', 'audio', 'batch'] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['image', 'prompt'];

const invalid = (message: string) => new KlingError('invalid-input', message);

const AUDIO_WORDS: Readonly<Record<string, boolean>> = {
  true: true,
  yes: true,
  on: true,
  '1': true,
  false: false,
  no: false,
  off: false,
  '0': false,
};

function withResolvedImage(input: Record<string, unknown>, baseDir: string) {
  if (typeof input.image === 'string') input.image = resolveImageArgument(input.image, baseDir);
  return input;
}

function rowsFromJson(text: string, baseDir: string): BatchRow[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw invalid(`The batch file is not valid JSON: ${(error as Error).message}`);
  }
  if (!Array.isArray(data)) {
    throw invalid('A JSON batch file must be an array of requests: [{"image": …, "prompt": …}]');
  }
  return data.map((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      return { row: i + 1, input: null, problem: 'each request must be an object' };
    }
    return { row: i + 1, input: withResolvedImage({ ...item }, baseDir) };
  });
}

/** CSV cells are text: empty means "use the default", numbers and yes/no become typed values. */
function csvValue(column: CsvColumn, raw: string): [string, unknown] | null {
  const cell = raw.trim();
  if (cell === '' && column !== 'prompt' && column !== 'image') return null;
  switch (column) {
    case 'audio':
      return ['generateAudio', AUDIO_WORDS[cell.toLowerCase()] ?? cell];
    case 'batch':
      return ['batchCount', parseWholeNumber(cell)];
    case 'duration':
      return ['duration', normaliseDuration(cell)];
    default:
      return [column, raw];
  }
}

function rowsFromCsv(text: string, baseDir: string): BatchRow[] {
  const [header, ...records] = parseCsv(text);
  if (!header) throw invalid(`A CSV batch file needs a header: ${CSV_COLUMNS.join(',')}`);
  const columns = header.map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(CSV_COLUMNS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw invalid(
      `Unknown CSV column ${unknown.map((c) => `"${c}"`).join(', ')}; the columns are ${CSV_COLUMNS.join(',')}`,
    );
  }
  const missing = REQUIRED_COLUMNS.filter((name) => !columns.includes(name));
  if (missing.length > 0) throw invalid(`The CSV header has no ${missing.join(' or ')} column`);

  return records.map((fields, i) => {
    const row = i + 1;
    if (fields.length !== columns.length) {
      return {
        row,
        input: null,
        problem: `has ${fields.length} fields but the header has ${columns.length} (quote fields that contain commas)`,
      };
    }
    const input: Record<string, unknown> = {};
    columns.forEach((column, c) => {
      const entry = csvValue(column as CsvColumn, fields[c] ?? '');
      if (entry) input[entry[0]] = entry[1];
    });
    return { row, input: withResolvedImage(input, baseDir) };
  });
}

/** Reads a .json or .csv batch file; relative image paths are taken from the file's folder. */
export async function readBatchFile(path: string): Promise<BatchRow[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw invalid(
      code === 'ENOENT'
        ? `Batch file not found: ${path}`
        : `Cannot read the batch file ${path}: ${code ?? String(error)}`,
    );
  }
  const baseDir = dirname(resolve(path));
  const kind = extname(path).toLowerCase();
  if (kind === '.json') return rowsFromJson(text, baseDir);
  if (kind === '.csv') return rowsFromCsv(text, baseDir);
  throw invalid(`A batch file must end in .json or .csv: ${path}`);
}
