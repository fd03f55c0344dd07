import { KlingError } from '../../shared/errors';
import {
  describeIssues,
  RenderRequest,
  type RenderRequestInput,
} from '../../shared/render-request';
import { runTaskName } from '../../shared/task-name';
import { AGENT, StartRunBody } from '../../shared/weshop-api';

/**
 * The body for POST /agent/runs (and power-estimates). The image goes in all three places
 * WeShop's own clients use (input.images, input.originalImage, params.images), as the contract
 * says: send the union. `input.taskName` labels the run in WeShop's history: the engine passes
 * the render's (runTaskName with its id); without one, the prompt's start. Both the request and
 * the body are validated: nothing invalid is sent.
 */
export function buildStartRunBody(
  request: RenderRequestInput,
  imageUrl: string,
  taskName?: string,
): StartRunBody {
  const checked = RenderRequest.safeParse(request);
  if (!checked.success) {
    throw new KlingError('invalid-input', describeIssues(checked.error));
  }
  const r = checked.data;
  const body = StartRunBody.safeParse({
    agent: { ...AGENT },
    input: {
      images: [imageUrl],
      originalImage: imageUrl,
      taskName: taskName ?? runTaskName(r.prompt),
    },
    params: {
      images: [imageUrl],
      textDescription: r.prompt,
      modelName: r.model,
      duration: r.duration,
      generateAudio: r.generateAudio ? 'true' : 'false',
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
