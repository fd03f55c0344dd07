/** Multipart parsing (Node's own web Request) and image sniffing for the upload endpoint. */

export interface ImageType {
  extension: string;
  contentType: string;
}

const startsWith = (bytes: Buffer, signature: number[], at = 0) =>
  signature.every((byte, i) => bytes[at + i] === byte);

/** The image type by content (never by the name the client gave), or undefined. */
export function sniffImage(bytes: Buffer): ImageType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return { extension: 'png', contentType: 'image/png' };
  }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { extension: 'jpg', contentType: 'image/jpeg' };
  if (
    bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
    bytes.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return { extension: 'webp', contentType: 'image/webp' };
  }
  if (/^GIF8[79]a$/.test(bytes.subarray(0, 6).toString('latin1'))) {
    return { extension: 'gif', contentType: 'image/gif' };
  }
  return undefined;
}

export const isMultipart = (contentType: string | undefined) =>
  contentType?.toLowerCase().startsWith('multipart/form-data') ?? false;

/** Parses a multipart body; undefined when it is not valid multipart. */
export async function parseMultipart(
  contentType: string,
  body: Buffer,
): Promise<FormData | undefined> {
  try {
    return await new Request('http://emulator.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: new Uint8Array(body),
    }).formData();
  } catch {
    return undefined;
  }
}

/** What the request log keeps for a multipart body: names and sizes, never the bytes. */
export function describeForm(form: FormData): string {
  const parts: string[] = [];
  form.forEach((value, name) => {
    parts.push(
      typeof value === 'string'
        ? `${name}=<text ${value.length} chars>`
        : `${name}=${value.name} ${value.size} bytes`,
    );
  });
  return `multipart ${parts.join(' ')}`.trim();
}
