// The one Content-Security-Policy. renderer/index.html carries CSP_META in its meta tag and
// app:// responses carry CSP_HEADER; test/unit/csp.test.ts checks both are this policy.
// frame-ancestors is ignored in a meta tag, so only the header has it.
//
// Why each source is there:
// - 'self' is app://kling-studio: the page, its scripts and styles, and library media
//   (app://kling-studio/media/…). The E2E harness serves the same files and media from one
//   loopback origin, so 'self' covers it too: no loopback origin is listed here.
// - img-src data: the image preview the core sends (ImageInfo.previewUrl) and the icon.
// - style-src has no 'unsafe-inline': the built CSS is a file, and React sets styles through
//   the CSSOM (element.style), which CSP does not block; style="" attributes would be blocked.
// - connect-src 'self': the renderer never talks to the network (main does); 'self' keeps
//   Vite's module preloading of its own chunks working.
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, ...string[]]> = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self'", 'data:'],
  ['media-src', "'self'"],
  ['font-src', "'self'"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
];

const serialise = (directives: ReadonlyArray<readonly string[]>) =>
  directives.map((parts) => parts.join(' ')).join('; ');

export const CSP_META = serialise(CSP_DIRECTIVES);
export const CSP_HEADER = serialise([...CSP_DIRECTIVES, ['frame-ancestors', "'none'"]]);
