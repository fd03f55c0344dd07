/**
 * The label every start (and cost estimate) sends as `input.taskName`: WeShop shows it in its
 * own history, so a user can find a run there (the way out of needs-attention). A render has
 * no name of its own, so the label is the prompt's start and the render's id, the id exactly as
 * `list`, `show` and the app print it (16 characters, e.g. `m3x9k2a1b-4fz0qa`).
 */
const PREFIX = 'Kling Studio';
/** Characters of the prompt kept (whitespace folded to one space, an ellipsis when cut). */
export const TASK_NAME_PROMPT_CHARS = 40;
const SEPARATOR = ' · ';

function promptExcerpt(prompt: string): string {
  const flat = prompt.replace(/\s+/g, ' ').trim();
  // By code point, so an emoji is never cut in half.
  const chars = Array.from(flat);
  if (chars.length <= TASK_NAME_PROMPT_CHARS) return flat;
  return `${chars
    .slice(0, TASK_NAME_PROMPT_CHARS - 1)
    .join('')
    .trimEnd()}…`;
}

/**
 * `Kling Studio · <first 40 characters of the prompt> · <render id>`; without an id (an
 * estimate before the render exists) just the first two parts.
 */
export function runTaskName(prompt: string, renderId?: string): string {
  const parts = [PREFIX, promptExcerpt(prompt)];
  if (renderId) parts.push(renderId);
  return parts.filter(Boolean).join(SEPARATOR);
}
