// @vitest-environment happy-dom
import { cleanup } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRender } from '../../testing/fixtures';
import { renderWithServices } from '../../testing/render';
import { QueueItem } from './QueueItem';

afterEach(cleanup);

describe('a finished Queue row', () => {
  it('shows how long the render took, not the time until its last write (a frame rate stored days later)', () => {
    const created = '2026-12-01T09:00:00.000Z';
    const view = makeRender(1, {
      state: 'done',
      createdAt: created,
      history: [
        { state: 'queued', at: created },
        { state: 'running', at: '2026-12-01T09:00:05.000Z' },
        { state: 'done', at: '2026-12-01T09:02:30.000Z' },
      ],
      // The detail view stored the video's frame rate a week later (library.update).
      updatedAt: '2026-12-08T09:00:00.000Z',
    });
    const { container } = renderWithServices(
      <ul>
        <QueueItem view={view} now={Date.parse('2026-12-09T00:00:00.000Z')} />
      </ul>,
      { renders: [view] },
    );
    expect(container.querySelector('.elapsed')?.textContent).toMatch(/2:30$/);
  });
});
