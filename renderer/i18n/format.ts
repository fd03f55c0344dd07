import { currentLanguage, i18n, type Language } from './index';

/**
 * The one formatter for numbers, credits, dates, durations and sizes, through Intl in the
 * interface's language. Every screen uses these (renderer/format.ts delegates here), so one
 * number reads the same everywhere: "999,940 credits", "5 seconds", "1.5 MB".
 */
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.ListFormat>(
  key: string,
  make: (language: Language) => T,
): T {
  const language = currentLanguage();
  const id = `${language}|${key}`;
  let format = cache.get(id) as T | undefined;
  if (!format) {
    format = make(language);
    cache.set(id, format);
  }
  return format;
}

const numbers = () => cached('number', (lng) => new Intl.NumberFormat(lng));

/** 999940 → "999,940". */
export function formatNumber(value: number): string {
  return numbers().format(value);
}

/** 42 → "42%" (a percentage from 0 to 100, as progress reports it). */
export function formatPercent(percent: number): string {
  return cached(
    'percent',
    (lng) => new Intl.NumberFormat(lng, { style: 'percent', maximumFractionDigits: 0 }),
  ).format(percent / 100);
}

/** 999940 → "999,940 credits" / "999,940 积分". */
export function formatCredits(credits: number): string {
  return i18n.t('format:credits', { count: credits, n: formatNumber(credits) });
}

/** 5 → "5 seconds" / "5 秒"; also takes the models' "5s" durations. */
export function formatSeconds(seconds: number | string): string {
  const value = typeof seconds === 'number' ? seconds : Number.parseFloat(seconds);
  if (!Number.isFinite(value)) return String(seconds);
  return i18n.t('format:seconds', { count: value, n: formatNumber(value) });
}

/**
 * The lengths a model offers, as a hint: "5 seconds", "5 or 10 seconds", "3 to 15 seconds"
 * (past two, the catalogue's lengths are every second between the first and the last).
 */
export function formatSecondsChoices(durations: readonly string[]): string {
  const values = durations.map((d) => Number.parseFloat(d));
  const [first, second] = values;
  if (first === undefined || values.some((v) => !Number.isFinite(v))) return durations.join(', ');
  if (second === undefined) return formatSeconds(first);
  if (values.length === 2) {
    const list = formatList([formatNumber(first), formatNumber(second)], 'disjunction');
    return i18n.t('format:secondsChoice', { list });
  }
  const last = values[values.length - 1] as number;
  return i18n.t('format:secondsRange', { from: formatNumber(first), to: formatNumber(last) });
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB": sizes the way file managers show them. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1024) {
    return i18n.t('format:bytes', { n: formatNumber(Math.max(0, Math.round(bytes || 0))) });
  }
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = value >= 100 ? 0 : 1;
  const number = cached(
    `fixed${digits}`,
    (lng) =>
      new Intl.NumberFormat(lng, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
  );
  return `${number.format(value)} ${UNITS[unit]}`;
}

const dateTimeFormat = () =>
  cached(
    'datetime',
    (lng) => new Intl.DateTimeFormat(lng, { dateStyle: 'medium', timeStyle: 'short' }),
  );
const dayFormat = () =>
  cached('day', (lng) => new Intl.DateTimeFormat(lng, { dateStyle: 'medium' }));
const shortDayFormat = () =>
  cached('shortday', (lng) => new Intl.DateTimeFormat(lng, { month: 'short', day: 'numeric' }));

function asDate(value: string | Date): Date | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Date and time: "Dec 7, 2026, 9:05 PM" / "2026年12月7日 21:05". */
export function formatDate(value: string | Date): string {
  const date = asDate(value);
  return date ? dateTimeFormat().format(date) : String(value);
}

/** The date only, for tight places such as library cards. */
export function formatDay(value: string | Date): string {
  const date = asDate(value);
  return date ? dayFormat().format(date) : String(value);
}

/** Month and day, for chart axes: "Dec 7" / "12月7日". */
export function formatShortDay(value: string | Date): string {
  const date = asDate(value);
  return date ? shortDayFormat().format(date) : String(value);
}

/** ["a", "b", "c"] → "a, b and c" / "a、b和c"; 'unit' → "a, b, c" / "a、b、c". */
export function formatList(
  items: readonly string[],
  type: 'conjunction' | 'disjunction' | 'unit' = 'conjunction',
): string {
  const format = cached(`list-${type}`, (lng) => new Intl.ListFormat(lng, { type }));
  if (currentLanguage() !== 'zh-CN') return format.format(items);
  return spaceBesideLatin(format.formatToParts(items));
}

/**
 * Between whole clauses (each its own sentence-like reason: "Choose an image; Give a prompt"):
 * Intl.ListFormat would add "and"/"和", so each language's own clause separator is used.
 */
const CLAUSE_SEPARATOR: Record<Language, string> = { en: '; ', 'zh-CN': '；' };

/** ["Choose an image", "Give a prompt"] → "Choose an image; Give a prompt" / "请选择图片；请填写提示词". */
export function formatClauses(clauses: readonly string[]): string {
  return clauses.join(CLAUSE_SEPARATOR[currentLanguage()]);
}

const LATIN_END = /[A-Za-z0-9)\]]$/;
const LATIN_START = /^[A-Za-z0-9([]/;

/**
 * Chinese lists join with 和/或 without spaces ("Kling 3.0和Kling 2.6"); beside a Latin letter
 * or digit the app's Chinese puts a space, as it does everywhere ("Kling 3.0 和 Kling 2.6").
 * Only the joining words get spaces (never 、), and never inside an item.
 */
function spaceBesideLatin(parts: readonly { type: string; value: string }[]): string {
  return parts
    .map((part, index) => {
      if (part.type !== 'literal' || part.value.includes('、')) return part.value;
      const before = LATIN_END.test(parts[index - 1]?.value ?? '') ? ' ' : '';
      const after = LATIN_START.test(parts[index + 1]?.value ?? '') ? ' ' : '';
      return `${before}${part.value.trim()}${after}`;
    })
    .join('');
}
