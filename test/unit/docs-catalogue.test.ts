import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStartRunBody } from '../../electron/weshop/run-body';
import {
  AGENT_CATALOGUE,
  AgentName,
  defaultModelOf,
  MODEL_CATALOGUE,
  ModelName,
} from '../../shared/models';
import type { RenderRequestInput } from '../../shared/render-request';
import { runTaskName } from '../../shared/task-name';
import { AGENT_RULES } from '../emulator/agents';
import { PRICE_TABLE } from '../emulator/prices';

/**
 * Keeps docs/weshop-api.md and the emulator's independent rules in step with the catalogue
 * (shared/models.ts): adding an agent or a model without its contract section, its emulator
 * rules and its price fails here (CONTRIBUTING, "add a Kling agent or model"). The worked
 * examples in the doc are checked against what run-body.ts really builds.
 */
const root = join(import.meta.dirname, '..', '..');
const doc = readFileSync(join(root, 'docs/weshop-api.md'), 'utf8');
const docLines = doc.split('\n');

describe('docs/weshop-api.md names every agent and model of the catalogue', () => {
  it.each(AgentName.options)('agent %s has its own section', (agent) => {
    expect(docLines.some((line) => line.startsWith(`#### \`${agent}\``))).toBe(true);
  });

  it.each(ModelName.options)('model %s has a row under its agent in the agents table', (model) => {
    const agent = MODEL_CATALOGUE[model].agent;
    const row = docLines.find(
      (line) => line.startsWith(`| \`${agent}\` |`) && line.includes(`\`${model}\``),
    );
    expect(row, `no "| \`${agent}\` | … \`${model}\` …" row in docs/weshop-api.md`).toBeDefined();
  });
});

describe("the emulator's own rules (test/emulator/agents.ts, prices.ts) cover the catalogue", () => {
  it('knows exactly the catalogue’s agents', () => {
    expect(Object.keys(AGENT_RULES).sort()).toEqual([...AgentName.options].sort());
  });

  it.each(AgentName.options)('%s: the same models, the same default first', (agent) => {
    const rules = AGENT_RULES[agent];
    const models = AGENT_CATALOGUE[agent].models;
    const sendsModel = MODEL_CATALOGUE[defaultModelOf(agent)].sendsModel;
    expect(rules?.takesModel).toBe(sendsModel);
    // An agent without a model parameter is filed under its own name in the emulator.
    expect(Object.keys(rules?.models ?? {})).toEqual(sendsModel ? models : [agent]);
  });

  it.each(ModelName.options)('model %s has a price', (model) => {
    const spec = MODEL_CATALOGUE[model];
    expect(PRICE_TABLE[spec.sendsModel ? model : spec.agent]).toBeDefined();
  });
});

/** The requests behind the doc's worked examples, by their heading. */
const RENDER_ID = 'm3x9k2a1b-4fz0qa';
const upload = (name: string) => `https://ai-image.weshop.ai/uploads/${name}.png`;
const EXAMPLES: Record<string, { request: RenderRequestInput; urls: string[] }> = {
  '`kling` with an end frame': {
    request: {
      image: '/home/me/first.png',
      endFrame: '/home/me/last.png',
      prompt: 'The door swings open and she steps through',
      model: 'Kling_2_6',
      duration: '10s',
      generateAudio: true,
      batchCount: 2,
    },
    urls: [upload('first'), upload('last')],
  },
  '`kling-v3-omni`, text only, 9:16': {
    request: {
      agent: 'kling-v3-omni',
      prompt: 'A paper boat drifts down a rainy street at dusk',
      aspectRatio: '9:16',
      duration: '8s',
    },
    urls: [],
  },
  '`kling-v3-omni`, two references and a reference video': {
    request: {
      agent: 'kling-v3-omni',
      image: '/home/me/cat.png',
      moreImages: ['/home/me/hat.png'],
      referenceVideo: 'https://cdn.example.com/dance.mp4',
      prompt: 'The cat from image 1 wears the hat from image 2 and dances like the video',
      generateAudio: true,
    },
    urls: [upload('cat'), upload('hat')],
  },
  '`kling-O1`, reference mode': {
    request: {
      agent: 'kling-O1',
      image: '/home/me/a.png',
      moreImages: ['/home/me/b.png', '/home/me/c.png'],
      prompt: 'image 1 hands image 2 to image 3 in a sunny kitchen',
      batchCount: 3,
    },
    urls: [upload('a'), upload('b'), upload('c')],
  },
  '`kling-O1`, image to video with an end frame': {
    request: {
      model: 'Kling_Video_O1_I2V',
      image: '/home/me/start.png',
      endFrame: '/home/me/end.png',
      prompt: 'Time-lapse: the bud opens into a flower',
      duration: '7s',
    },
    urls: [upload('start'), upload('end')],
  },
  '`kling-motion-control`': {
    request: {
      agent: 'kling-motion-control',
      image: '/home/me/robot.png',
      referenceVideo: 'https://cdn.example.com/moonwalk.mp4',
    },
    urls: [upload('robot')],
  },
};

/** The first ```json block after the heading `### <title>`. */
function exampleBody(title: string): unknown {
  const start = docLines.indexOf(`### ${title}`);
  expect(start, `no "### ${title}" heading in docs/weshop-api.md`).toBeGreaterThan(-1);
  const open = docLines.indexOf('```json', start);
  const close = docLines.indexOf('```', open + 1);
  return JSON.parse(docLines.slice(open + 1, close).join('\n'));
}

describe("docs/weshop-api.md's worked examples are what run-body.ts builds", () => {
  it('has an example for every agent', () => {
    const agents = Object.keys(EXAMPLES).map((title) => title.split('`')[1]);
    expect(new Set(agents)).toEqual(new Set(AgentName.options));
  });

  it.each(Object.entries(EXAMPLES))('%s', (title, { request, urls }) => {
    const body = buildStartRunBody(request, urls, runTaskName(request.prompt ?? '', RENDER_ID));
    expect(exampleBody(title)).toEqual(body);
  });
});
