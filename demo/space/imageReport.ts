/**
 * What the QVQ-like Space says about the image it received: enough for a person (name, type,
 * size, PNG dimensions) and for a test (the SHA-256 of the bytes, so an upload can be checked
 * end to end).
 */

/** An uploaded image as the fake Space read it back. */
export interface ReceivedImage {
  name: string;
  type: string;
  bytes: Uint8Array;
}

/** The hex SHA-256 of some bytes (Web Crypto: the same in Node and browsers). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Width and height of a PNG, read from its IHDR chunk; undefined for anything else. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((byte, index) => bytes[index] !== byte)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * One sentence about the image, e.g. `I received "cat.png" (image/png, 1,234 bytes, 64×48 px,
 * sha256 9f86d0…).` The full hash is given: the browser test compares it with the file it
 * picked.
 */
export async function describeImage(image: ReceivedImage): Promise<string> {
  const size = pngSize(image.bytes);
  const parts = [image.type || 'unknown type', `${image.bytes.length.toLocaleString('en-US')} bytes`];
  if (size !== undefined) parts.push(`${size.width}×${size.height} px`);
  parts.push(`sha256 ${await sha256Hex(image.bytes)}`);
  return `I received "${image.name}" (${parts.join(', ')}).`;
}
