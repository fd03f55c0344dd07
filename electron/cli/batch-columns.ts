// Apart from batch-file.ts (which reads the files): `batch --help` names them without loading it.
/**
 * The CSV header's names: the request's settings and, for the Kling family, the agent, reference
 * images 2–4 (`image2`…`image4`), the end frame, the reference video URL and the aspect ratio,
 * named like generate's options. A JSON row uses the request's own field names (`agent`,
 * `moreImages`, `endFrame`, `referenceVideo`, `aspectRatio`).
 */
export const CSV_COLUMNS = [
  'image',
  'prompt',
  'model',
  'duration',
  'audio',
  'batch',
  'agent',
  'image2',
  'image3',
  'image4',
  'end-frame',
  'ref-video',
  'aspect',
] as const;
