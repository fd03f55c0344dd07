import { creditsOf, type RenderManifest } from '../../../shared/job';
import { agentOf, ModelName } from '../../../shared/models';

/** A render's row in the index: what queries filter and sort on (schema.ts). */
export interface RenderRow {
  id: string;
  created_ms: number;
  updated_at: string;
  state: string;
  agent: string | null;
  model: string;
  favourite: number;
  credits: number | null;
  set_id: string | null;
  prompt_lower: string;
  prompt_key: string;
  /** The render this one continues (a sequence's previous link), null for a first render. */
  continued_from: string | null;
}

/**
 * The agent that made a render, from its model: a manifest written before agents existed has
 * no request.agent, but every render has its model.
 */
export function agentOfRender(m: RenderManifest): string | null {
  const model = ModelName.safeParse(m.request.model);
  return model.success ? agentOf(model.data) : (m.request.agent ?? null);
}

const DIGITS = /\d+/g;
const MARKS = /\p{M}/gu;

/**
 * A key that sorts in SQLite's byte order as Intl.Collator({ sensitivity: 'base', numeric: true })
 * sorts prompts (the app's "by prompt"): case and accents ignored, runs of digits by value.
 */
export function promptSortKey(prompt: string): string {
  return prompt
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(DIGITS, (run) => {
      const digits = run.replace(/^0+(?=\d)/, '');
      // The length first: a longer number is a bigger one.
      return `${String(digits.length).padStart(3, '0')}${digits}`;
    });
}

export function rowOf(m: RenderManifest): RenderRow {
  return {
    id: m.id,
    created_ms: Date.parse(m.createdAt),
    updated_at: m.updatedAt,
    state: m.state,
    agent: agentOfRender(m),
    model: m.request.model,
    favourite: m.favourite ? 1 : 0,
    credits: creditsOf(m),
    set_id: m.setId ?? null,
    prompt_lower: m.request.prompt.toLowerCase(),
    prompt_key: promptSortKey(m.request.prompt),
    continued_from: m.continuedFrom?.id ?? null,
  };
}
