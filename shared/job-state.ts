import { z } from 'zod';

/**
 * Local job states, in the order a job normally moves through them.
 * needs-attention: the start request may have reached WeShop but no executionId was
 * saved, so starting again could charge twice; the user decides.
 * partial: the run is final but delivered fewer videos than the batch asked for; the
 * delivered ones are in the library and the missing ones can be rendered on their own.
 */
export const JobState = z.enum([
  'queued',
  'uploading',
  'starting',
  'running',
  'downloading',
  'done',
  'failed',
  'canceled',
  'needs-attention',
  'partial',
]);
export type JobState = z.infer<typeof JobState>;
