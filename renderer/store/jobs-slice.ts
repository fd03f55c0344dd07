import { isTerminal, type RenderView } from '../../shared/job';
import type { JobsSlice, SliceCreator } from './types';

export const createJobsSlice: SliceCreator<JobsSlice> = (set, get, client) => ({
  jobs: {},
  queueIds: [],
  clearedIds: {},
  progress: {},

  upsertJobs(views) {
    if (views.length === 0) return;
    set((state) => {
      const jobs = { ...state.jobs };
      let queueIds = state.queueIds;
      for (const view of views) {
        jobs[view.id] = view;
        // The Queue follows a job once it is seen unfinished; finished ones stay until cleared.
        const follow =
          !isTerminal(view.state) ||
          (view.state === 'needs-attention' && !state.clearedIds[view.id]);
        if (follow && !queueIds.includes(view.id)) {
          queueIds = [...queueIds, view.id];
        }
      }
      return { jobs, queueIds };
    });
  },

  applyProgress(progress) {
    set((state) => ({
      progress: {
        ...state.progress,
        [progress.id]: { ...state.progress[progress.id], [progress.videoIndex]: progress },
      },
    }));
  },

  forgetJob(id) {
    set((state) => {
      const { [id]: _job, ...jobs } = state.jobs;
      const { [id]: _progress, ...progress } = state.progress;
      return { jobs, progress, queueIds: state.queueIds.filter((other) => other !== id) };
    });
  },

  async cancelJob(id) {
    const view = await client.call('render:cancel', { id });
    get().upsertJobs([view]);
  },

  async retryJob(id, options = {}) {
    const request = options.confirmChargeTwice ? { id, confirmChargeTwice: true } : { id };
    const view: RenderView = await client.call('render:retry', request);
    get().upsertJobs([view]);
    // A retried job may have been cleared from the Queue earlier: show it again.
    set((state) => ({
      queueIds: state.queueIds.includes(id) ? state.queueIds : [...state.queueIds, id],
    }));
  },

  async attachRun(id, executionId) {
    const view: RenderView = await client.call('render:attach', { id, executionId });
    get().upsertJobs([view]);
    // Collecting now: follow it in the Queue even if it was cleared from there.
    set((state) => ({
      queueIds: state.queueIds.includes(id) ? state.queueIds : [...state.queueIds, id],
    }));
  },

  async renderMissing(id) {
    const view: RenderView = await client.call('render:render-missing', { id });
    // A new render, queued: upsertJobs puts it in the Queue like any unfinished job.
    get().upsertJobs([view]);
    return view;
  },

  clearFinished() {
    set((state) => {
      const clearedIds = { ...state.clearedIds };
      const queueIds = state.queueIds.filter((id) => {
        const job = state.jobs[id];
        const keep = job !== undefined && !isTerminal(job.state);
        if (!keep) clearedIds[id] = true;
        return keep;
      });
      return { queueIds, clearedIds };
    });
  },
});
