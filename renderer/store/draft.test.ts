import { describe, expect, it } from 'vitest';
import { AgentName } from '../../shared/models';
import { RenderRequest } from '../../shared/render-request';
import {
  type Draft,
  draftFromRequest,
  EMPTY_DRAFT,
  toRequestInput,
  validateDraft,
  withAgent,
  withModel,
} from './draft';
import { withoutSlot, withSlotPath } from './pictures';

const draft = (over: Partial<Draft>): Draft => ({ ...EMPTY_DRAFT, prompt: 'orbit', ...over });

describe('the draft as a render request', () => {
  it('leaves empty pictures, video and aspect out, and the aspect whenever a video is given', () => {
    expect(toRequestInput(draft({ image: '/a.png' }))).toEqual({
      agent: 'kling',
      model: 'Kling_3_0',
      prompt: 'orbit',
      duration: '5s',
      generateAudio: false,
      batchCount: 1,
      image: '/a.png',
    });
    const omni = withAgent(draft({}), 'kling-v3-omni').draft;
    expect(toRequestInput({ ...omni, aspectRatio: '9:16' })).toMatchObject({
      aspectRatio: '9:16',
    });
    const withVideo = toRequestInput({
      ...omni,
      aspectRatio: '9:16',
      referenceVideo: ' https://cdn.example.com/v.mp4 ',
    });
    expect(withVideo.referenceVideo).toBe('https://cdn.example.com/v.mp4');
    expect(withVideo).not.toHaveProperty('aspectRatio');
  });

  it('validates a text-only Omni draft in 9:16, and names a missing Motion Control video', () => {
    const omni = { ...withAgent(draft({}), 'kling-v3-omni').draft, aspectRatio: '9:16' as const };
    const checked = validateDraft(omni);
    expect(checked.ok && checked.request).toMatchObject({
      agent: 'kling-v3-omni',
      model: 'Kling_V3_Omni',
      aspectRatio: '9:16',
    });
    const motion = withAgent(draft({ image: '/me.png', prompt: '' }), 'kling-motion-control');
    const refused = validateDraft(motion.draft);
    expect(refused.ok).toBe(false);
    expect(refused.messages.referenceVideo).toMatch(/needs a reference video/);
    expect(refused.messages.prompt).toBeUndefined();
  });

  it('carries every input of a past request back into the form and out again unchanged', () => {
    const requests = [
      { image: '/first.png', endFrame: '/last.png', prompt: 'door opens', model: 'Kling_2_6' },
      {
        agent: 'kling-v3-omni',
        image: '/a.png',
        moreImages: ['/b.png', '/c.png'],
        prompt: 'image 1 meets image 2 and image 3',
        aspectRatio: '1:1',
        generateAudio: true,
        duration: '12s',
      },
      {
        agent: 'kling-O1',
        referenceVideo: 'https://cdn.example.com/clip.mp4',
        prompt: 'same camera',
      },
      {
        agent: 'kling-motion-control',
        image: '/dancer.png',
        referenceVideo: 'http://127.0.0.1:4000/videos/x.mp4',
        batchCount: 2,
      },
    ].map((input) => RenderRequest.parse(input));
    for (const request of requests) {
      const back = validateDraft(draftFromRequest(request));
      expect(back.ok && back.request).toEqual(request);
    }
  });
});

describe('switching agent or model', () => {
  it('drops the end frame on Kling 2.1 Master, with a note, and keeps the rest', () => {
    const { draft: next, notes } = withModel(
      draft({ image: '/f.png', endFrame: '/l.png', duration: '10s' }),
      'Kling_2_1_Master',
    );
    expect(next).toMatchObject({ image: '/f.png', endFrame: '', duration: '10s' });
    expect(notes).toEqual(['End frame left out: Kling 2.1 Master cannot end on a chosen frame.']);
  });

  it('keeps picture 1 across roles and says which references, video and settings went', () => {
    const omni = {
      ...withAgent(
        draft({ image: '/a.png', generateAudio: true, duration: '12s' }),
        'kling-v3-omni',
      ).draft,
      moreImages: ['/b.png', '/c.png'],
      referenceVideo: 'https://cdn.example.com/v.mp4',
      aspectRatio: '1:1' as const,
    };
    expect(omni).toMatchObject({ model: 'Kling_V3_Omni', duration: '12s', generateAudio: true });
    const o1 = withAgent(omni, 'kling-O1');
    // O1's reference mode takes the references and the video, not audio or 12 s.
    expect(o1.draft).toMatchObject({
      model: 'Kling_Video_O1_Ele',
      image: '/a.png',
      moreImages: ['/b.png', '/c.png'],
      referenceVideo: 'https://cdn.example.com/v.mp4',
      aspectRatio: '1:1',
      duration: '5s',
      generateAudio: false,
    });
    expect(o1.notes).toEqual([
      'Duration is now 5 seconds: Kling O1 · Text or references does not take 12 seconds.',
      'Audio is off: Kling O1 · Text or references cannot generate audio.',
    ]);
    const i2v = withModel(o1.draft, 'Kling_Video_O1_I2V');
    expect(i2v.draft).toMatchObject({ image: '/a.png', moreImages: [], referenceVideo: '' });
    expect(i2v.draft.aspectRatio).toBe('');
    expect(i2v.notes).toEqual([
      'Images 2–3 left out: Kling O1 · First frame to video takes one picture.',
      'Reference video left out: Kling O1 · First frame to video takes none.',
      'Aspect ratio 1:1 left out: Kling O1 · First frame to video takes its frame from the picture.',
    ]);
  });

  it('keeps the model when the agent already has it, and the default aspect is no note', () => {
    const o1 = withAgent(draft({}), 'kling-O1');
    expect(o1.draft.aspectRatio).toBe('9:16');
    expect(withAgent(o1.draft, 'kling-O1').draft.model).toBe('Kling_Video_O1_Ele');
    expect(withAgent(o1.draft, 'kling').notes).toEqual([]);
  });
});

describe('reference picture slots', () => {
  it('fills in order and moves later references up when one is removed, saying so', () => {
    let d = draft({ image: '/1.png' });
    d = withSlotPath(d, 'more3', '/2.png');
    d = withSlotPath(d, 'more2', '/3.png');
    d = withSlotPath(d, 'more3', '/4.png');
    expect(d.moreImages).toEqual(['/2.png', '/3.png', '/4.png']);
    const removed = withoutSlot(d, 'more1');
    expect(removed.draft.moreImages).toEqual(['/3.png', '/4.png']);
    expect(removed.note).toBe('Images 3–4 are now images 2–3: check the numbers in your prompt.');
    const first = withoutSlot(removed.draft, 'image');
    expect(first.draft).toMatchObject({ image: '/3.png', moreImages: ['/4.png'] });
    expect(withoutSlot(first.draft, 'more1')).toEqual({
      draft: { ...first.draft, moreImages: [] },
    });
  });
});

describe('validation messages', () => {
  it('names a missing picture and a missing prompt together', () => {
    const checked = validateDraft(EMPTY_DRAFT);
    expect(checked.messages).toEqual({
      prompt: 'Describe the motion you want (a prompt is required)',
      image: 'Choose an image: Kling 3.0 needs a first-frame picture',
    });
  });

  it('never asks the form for an https URL for a picture (the form takes files only)', () => {
    for (const agent of AgentName.options) {
      const { messages } = validateDraft(withAgent(draft({ image: '' }), agent).draft);
      expect(messages.image ?? '', agent).not.toContain('https');
    }
    // A request reused from elsewhere whose picture is blank: the form's own words.
    const blank = validateDraft(draft({ image: ' ', model: 'Kling_2_1' }));
    expect(blank.messages.image).toBe(
      'Choose a picture: drop it on the box or press Choose image…',
    );
  });
});
