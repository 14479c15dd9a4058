import { describe, expect, it } from 'vitest';
import { isGradioError } from '../../src/errors.js';
import { sniffImageType } from '../../src/spaces/sniffImage.js';
import { imageBytes } from './fixtures.js';

describe('sniffImageType', () => {
  it.each(['png', 'jpeg', 'gif', 'webp'] as const)('recognises %s bytes', (kind) => {
    expect(sniffImageType(imageBytes[kind])).toBe(`image/${kind}`);
  });

  it('recognises the older GIF87a signature', () => {
    expect(sniffImageType(new TextEncoder().encode('GIF87a\x01\x00'))).toBe('image/gif');
  });

  it('does not take a RIFF file that is not WebP (a WAV) for an image', () => {
    const wav = new TextEncoder().encode('RIFF\x24\x00\x00\x00WAVEfmt ');
    expect(() => sniffImageType(wav)).toThrow(/not a PNG, JPEG, GIF or WebP/);
  });

  it('refuses other bytes with an upload error naming the file and its first bytes', () => {
    let caught: unknown;
    try {
      sniffImageType(new TextEncoder().encode('%PDF-1.7'), '"doc.pdf"');
    } catch (error) {
      caught = error;
    }
    expect(isGradioError(caught) && caught.type).toBe('upload');
    expect((caught as Error).message).toContain('"doc.pdf"');
    expect((caught as Error).message).toContain('25 50 44 46');
  });

  it('refuses a truncated signature and empty bytes', () => {
    expect(() => sniffImageType(imageBytes.png.subarray(0, 7))).toThrow(/not a PNG/);
    expect(() => sniffImageType(new Uint8Array())).toThrow(/no bytes/);
  });
});
