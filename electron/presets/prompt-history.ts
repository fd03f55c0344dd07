import { PROMPT_HISTORY_MAX, PromptHistoryFile, searchPrompts } from '../../shared/presets';
import { type FileProblem, lockedJsonFile } from './locked-json-file';

/**
 * prompt-history.json in the library home: every prompt queued, newest first, each once.
 * It lives apart from the renders so deleting a render keeps its prompt.
 */
export function createPromptHistory(options: {
  home: string;
  onProblem: FileProblem;
  now?: () => Date;
  max?: number;
}) {
  const now = options.now ?? (() => new Date());
  const max = options.max ?? PROMPT_HISTORY_MAX;
  const file = lockedJsonFile<PromptHistoryFile>({
    home: options.home,
    fileName: 'prompt-history.json',
    schema: PromptHistoryFile,
    empty: () => ({ version: 1, prompts: [] }),
    onProblem: options.onProblem,
  });

  /** Puts the prompt first (moving an older copy up), keeping the newest `max`. */
  async function record(prompt: string): Promise<void> {
    const text = prompt.trim();
    if (!text) return;
    await file.update(({ prompts }) => ({
      next: {
        version: 1,
        prompts: [
          { text, usedAt: now().toISOString() },
          ...prompts.filter((entry) => entry.text !== text),
        ].slice(0, max),
      },
      result: undefined,
    }));
  }

  /** Newest first; `text` filters case-insensitively. */
  async function search(text: string | undefined, limit: number): Promise<string[]> {
    const { prompts } = await file.read();
    return searchPrompts(
      prompts.map((entry) => entry.text),
      text,
      limit,
    );
  }

  return { record, search };
}
