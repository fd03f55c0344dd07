export { describeImage, imagePreviewDataUrl, inspectImage, type LocalImage } from './inspect';
export { type AcceptedFormat, MIME_TYPES, sniffImageFormat } from './sniff';
