/** Render ids: `<base36 ms timestamp, 9 chars>-<6 random base36 chars>`, e.g. `m3x9k2a1b-4fz0qa`. */
const TIMESTAMP_WIDTH = 9;
const SUFFIX_LENGTH = 6;

export const RENDER_ID_PATTERN = /^[a-z0-9-]{6,64}$/;
export const isRenderId = (value: string): boolean => RENDER_ID_PATTERN.test(value);

/**
 * Time-sortable (fixed-width timestamp first, so a plain string sort is a time sort until
 * the year 5188) and collision-resistant within one millisecond thanks to the suffix.
 */
export function newRenderId(now: Date, random: () => number): string {
  const stamp = Math.max(0, now.getTime()).toString(36).padStart(TIMESTAMP_WIDTH, '0');
  let suffix = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) {
    suffix += Math.floor(random() * 36)
      .toString(36)
      .slice(-1);
  }
  return `${stamp}-${suffix}`;
}
