import { Fragment } from 'react';

/**
 * A file path or URL that wraps after its separators (/ or \) rather than in the middle of a
 * folder name; a single name longer than the line still breaks anywhere (see .fact dd).
 */
export function PathText({ path }: { path: string }) {
  const pieces = path.split(/(?<=[/\\])/);
  return (
    <>
      {pieces.map((piece, i) => (
        // Pieces are positional and never reorder, so the index is a stable key.
        // biome-ignore lint/suspicious/noArrayIndexKey: see above
        <Fragment key={i}>
          {piece}
          {i < pieces.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}
