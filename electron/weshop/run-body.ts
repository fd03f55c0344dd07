import { KlingError } from '../../shared/errors';
import { AGENT_CATALOGUE, MODEL_CATALOGUE } from '../../shared/models';
import {
  describeIssues,
  RenderRequest,
  type RenderRequestInput,
  requestImages,
} from '../../shared/render-request';
import { runTaskName } from '../../shared/task-name';
import { StartRunBody } from '../../shared/weshop-api';

/**
 * The body for POST /agent/runs (and power-estimates), for every agent of the catalogue
 * (docs/weshop-api.md). `imageUrls` are the request's pictures on WeShop, in requestImages order
 * (picture 1, references 2–4, end frame): they go in params.images and input.images, the first
 * also in input.originalImage, as WeShop's own clients send. A reference video URL goes in both
 * params.videos and input.videos. A parameter the model does not take is left out (Motion
 * Control: no model, duration or aspect; O1 and Motion Control: no audio; aspect only without a
 * video). `input.taskName` labels the run in WeShop's history: the engine passes the render's
 * (runTaskName with its id); without one, the prompt's start. Both the request and the body are
 * validated: nothing invalid is sent.
 */
export function buildStartRunBody(
  request: RenderRequestInput,
  imageUrls: readonly string[],
  taskName?: string,
): StartRunBody {
  const checked = RenderRequest.safeParse(request);
  if (!checked.success) {
    throw new KlingError('invalid-input', describeIssues(checked.error));
  }
  const r = checked.data;
  if (imageUrls.length !== requestImages(r).length) {
    throw new KlingError(
      'invalid-input',
      `Cannot build the run request: ${requestImages(r).length} pictures, ${imageUrls.length} uploaded URLs`,
    );
  }
  const spec = MODEL_CATALOGUE[r.model];
  const images = [...imageUrls];
  const videos = r.referenceVideo ? [r.referenceVideo] : undefined;
  const body = StartRunBody.safeParse({
    agent: { name: r.agent, version: AGENT_CATALOGUE[r.agent].version },
    input: {
      ...(images.length > 0 ? { images, originalImage: images[0] } : {}),
      ...(videos ? { videos } : {}),
      taskName: taskName ?? runTaskName(r.prompt || spec.label),
    },
    params: {
      ...(images.length > 0 ? { images } : {}),
      ...(videos ? { videos } : {}),
      ...(r.prompt ? { textDescription: r.prompt } : {}),
      ...(spec.sendsModel ? { modelName: r.model } : {}),
      ...(spec.sendsDuration ? { duration: r.duration } : {}),
      ...(r.aspectRatio && !videos ? { aspectRatio: r.aspectRatio } : {}),
      ...(spec.sendsAudio ? { generateAudio: r.generateAudio ? 'true' : 'false' } : {}),
      batchCount: r.batchCount,
    },
  });
  if (!body.success) {
    throw new KlingError(
      'invalid-input',
      `Cannot build the run request: ${describeIssues(body.error)}`,
    );
  }
  return body.data;
}
