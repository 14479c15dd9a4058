/**
 * Small byte fixtures for the spaces tests: the first bytes of each image type the QVQ
 * preset accepts, followed by a few bytes of payload.
 */
const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((part) => (typeof part === 'string' ? [...part].map((c) => c.charCodeAt(0)) : part)));

export const imageBytes = {
  png: bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13], 'IHDR', [0, 0, 0, 64, 0, 0, 0, 48]),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1]),
  gif: bytes('GIF89a', [0x40, 0x00, 0x30, 0x00, 0x80, 0, 0]),
  webp: bytes('RIFF', [0x1a, 0, 0, 0], 'WEBPVP8 ', [0x0e, 0, 0, 0]),
} as const;
