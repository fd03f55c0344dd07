import { describe, expect, it } from 'vitest';
import {
  PollResponse,
  readExecutionId,
  readRunSnapshot,
  readUploadedUrl,
  StartRunResponse,
  UploadResponse,
} from './weshop-api';

describe('reading WeShop bodies', () => {
  it('reads the execution id from data, then meta, then taskId', () => {
    const read = (body: unknown) => readExecutionId(StartRunResponse.parse(body));
    expect(read({ success: true, data: { executionId: 'a' }, meta: { executionId: 'b' } })).toBe(
      'a',
    );
    expect(read({ success: true, data: {}, meta: { executionId: 'b' } })).toBe('b');
    expect(read({ success: true, data: { taskId: 42 } })).toBe('42');
    expect(StartRunResponse.safeParse({ success: true, data: {} }).success).toBe(false);
  });

  it('reads data.image or data.imageUrl from an upload', () => {
    expect(readUploadedUrl(UploadResponse.parse({ data: { image: 'https://x/a.png' } }))).toBe(
      'https://x/a.png',
    );
    expect(readUploadedUrl(UploadResponse.parse({ data: { imageUrl: 'https://x/b.png' } }))).toBe(
      'https://x/b.png',
    );
    expect(UploadResponse.safeParse({ data: {} }).success).toBe(false);
  });

  it('takes the last execution state and every video across executions', () => {
    const snapshot = readRunSnapshot(
      PollResponse.parse({
        success: true,
        data: {
          executions: [
            {
              status: 'Success',
              result: [{ video: 'https://c/1.mp4', videoPoster: 'https://c/1.jpg' }],
            },
            { status: 'Running', result: [{ video: 'https://c/2.mp4' }] },
          ],
        },
      }),
    );
    expect(snapshot.state).toBe('Running');
    expect(snapshot.videos).toEqual([
      { index: 0, url: 'https://c/1.mp4', posterUrl: 'https://c/1.jpg' },
      { index: 1, url: 'https://c/2.mp4' },
    ]);
  });

  it('treats Cancelled and Canceled alike, and unknown states as still running', () => {
    const state = (status: string) =>
      readRunSnapshot(PollResponse.parse({ data: { executions: [{ status }] } })).state;
    expect(state('Cancelled')).toBe('Canceled');
    expect(state('Canceled')).toBe('Canceled');
    expect(state('Queued-Somewhere')).toBe('Running');
    expect(readRunSnapshot(PollResponse.parse({ data: { status: 'Failed' } })).state).toBe(
      'Failed',
    );
  });

  it('carries any failure message the body holds', () => {
    const snapshot = readRunSnapshot(
      PollResponse.parse({
        data: { executions: [{ status: 'Failed', message: 'face not detected', result: [] }] },
      }),
    );
    expect(snapshot).toMatchObject({ state: 'Failed', message: 'face not detected', videos: [] });
  });
});
