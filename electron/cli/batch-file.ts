import { readFile } from 'node:fs/promises';
import { dirname, extname, resolve } from 'node:path';
import { KlingError } from '../../shared/errors';
import { CSV_COLUMNS } from './batch-columns';
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

type CsvColumn = (typeof CSV_COLUMNS)[number];
/** Without an image column every row is text only (Kling 3.0 Omni, Kling O1 references). */
const REQUIRED_COLUMNS: readonly CsvColumn[] = ['prompt'];

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

/** Every picture of a row (picture 1, references 2–4, end frame) against the file's folder. */
function withResolvedImage(input: Record<string, unknown>, baseDir: string) {
  const resolveOne = (value: unknown) =>
    typeof value === 'string' ? resolveImageArgument(value, baseDir) : value;
  for (const field of ['image', 'endFrame']) {
    if (field in input) input[field] = resolveOne(input[field]);
  }
  if (Array.isArray(input.moreImages)) input.moreImages = input.moreImages.map(resolveOne);
  return input;
}

/** CSV columns that go under another request field name. */
const FIELD_OF: Partial<Record<CsvColumn, string>> = {
  'end-frame': 'endFrame',
  'ref-video': 'referenceVideo',
  aspect: 'aspectRatio',
};

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
  // An empty image cell is "no picture" (a text-only row), not an empty path.
  if (cell === '' && column !== 'prompt') return null;
  switch (column) {
    case 'audio':
      return ['generateAudio', AUDIO_WORDS[cell.toLowerCase()] ?? cell];
    case 'batch':
      return ['batchCount', parseWholeNumber(cell)];
    case 'duration':
      return ['duration', normaliseDuration(cell)];
    case 'agent':
    case 'ref-video':
    case 'aspect':
      return [FIELD_OF[column] ?? column, cell];
    default:
      return [FIELD_OF[column] ?? column, raw];
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
    const more: unknown[] = [];
    columns.forEach((column, c) => {
      const entry = csvValue(column as CsvColumn, fields[c] ?? '');
      if (!entry) return;
      // image2…image4 are reference images 2–4, in column order.
      if (/^image[234]$/.test(column)) more.push(entry[1]);
      else input[entry[0]] = entry[1];
    });
    if (more.length > 0) input.moreImages = more;
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
