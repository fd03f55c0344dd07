import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  AGENT_CATALOGUE,
  AgentName,
  AgentSpec,
  MODEL_CATALOGUE,
  ModelName,
  ModelSpec,
} from './models';

// The catalogues are typed constants (not parsed when the module loads, which every command
// would pay for): their schemas' rules that types cannot say (whole numbers, ranges, non-empty
// lists, no stray fields) are checked here.
describe('the agent and model catalogues', () => {
  it('every model follows ModelSpec, with nothing the schema does not know', () => {
    const parsed = z.record(ModelName, ModelSpec.strict()).safeParse(MODEL_CATALOGUE);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(parsed.data).toEqual(MODEL_CATALOGUE);
  });

  it('every agent follows AgentSpec, and lists models that are its own', () => {
    const parsed = z.record(AgentName, AgentSpec.strict()).safeParse(AGENT_CATALOGUE);
    expect(parsed.error?.issues ?? []).toEqual([]);
    for (const [agent, spec] of Object.entries(AGENT_CATALOGUE))
      for (const model of spec.models) expect(MODEL_CATALOGUE[model].agent).toBe(agent);
  });
});
