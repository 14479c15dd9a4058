/**
 * Telling an image's type from its first bytes, as gpt4free's `is_accepted_format` did
 * before the QVQ provider uploaded an image. Pure.
 */
import { GradioError } from '../errors.js';

/** The image types the QVQ Space is sent. */
export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** How many leading bytes `sniffImageType` reads. */
export const sniffLength = 12;

const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const jpeg = [0xff, 0xd8, 0xff];
const gif87a = [...'GIF87a'].map((c) => c.charCodeAt(0));
const gif89a = [...'GIF89a'].map((c) => c.charCodeAt(0));
const riff = [...'RIFF'].map((c) => c.charCodeAt(0));
const webp = [...'WEBP'].map((c) => c.charCodeAt(0));

/**
 * The MIME type of PNG, JPEG, GIF or WebP bytes (only the first 12 bytes are read).
 *
 * @param fileName only for the error message.
 * @throws GradioError of type `upload` for anything else, so that no request is sent with
 *   bytes the Space cannot read.
 * @example
 * ```ts
 * sniffImageType(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])); // 'image/png'
 * ```
 */
export function sniffImageType(bytes: Uint8Array, fileName = 'the file'): ImageMimeType {
  if (startsWith(bytes, png)) return 'image/png';
  if (startsWith(bytes, jpeg)) return 'image/jpeg';
  if (startsWith(bytes, gif87a) || startsWith(bytes, gif89a)) return 'image/gif';
  if (startsWith(bytes, riff) && startsWith(bytes.subarray(8), webp)) return 'image/webp';
  const head = Array.from(bytes.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join(' ');
  throw new GradioError({
    type: 'upload',
    endpoint: 'upload',
    message: `${fileName} is not a PNG, JPEG, GIF or WebP image (it starts with ${head || 'no bytes'})`,
  });
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return bytes.length >= signature.length && signature.every((byte, i) => bytes[i] === byte);
}
