import type { RenderManifest } from '../../shared/job';
import { type MissingVideos, missingVideosStatus } from '../../shared/rerun-cost';
import type { Library } from '../library/library';

/** Where a partial render's missing videos stand (the render that renders them, read from disk). */
export async function missingVideosOf(
  library: Pick<Library, 'read'>,
  m: RenderManifest,
): Promise<{ status: MissingVideos; followUp: RenderManifest | null }> {
  const followUp = m.missingRenderedBy ? await library.read(m.missingRenderedBy) : null;
  return { status: missingVideosStatus(m, followUp), followUp };
}

const theMissing = (n: number, verb: { one: string; many: string }) =>
  `the missing ${n} ${n === 1 ? verb.one : verb.many}`;

/** `show`'s videos line for a partial render: what is delivered, and where the rest stands. */
export function describeMissing(
  m: RenderManifest,
  status: MissingVideos,
  followUp: RenderManifest | null,
): string | undefined {
  if (status.kind === 'none') return undefined;
  const delivered = `${m.videos.length} of ${m.request.batchCount} delivered`;
  const n = status.count;
  switch (status.kind) {
    case 'offer':
      return `${delivered}; \`kling-studio retry ${m.id} --missing\` renders the rest`;
    case 'rendering':
      return `${delivered}; ${theMissing(n, { one: 'is', many: 'are' })} being rendered as ${status.by} (\`kling-studio show ${status.by}\`)`;
    case 'rendered':
      return `${delivered}; ${theMissing(n, { one: 'was', many: 'were' })} rendered as ${status.by}`;
    case 'settle':
      return `${delivered}; ${theMissing(n, { one: 'was', many: 'were' })} started as ${status.by}, which is ${followUp?.state ?? 'unfinished'} and may have a paid run on WeShop: see \`kling-studio show ${status.by}\` before paying for them again`;
  }
}
