/**
 * The fake server's file cache: uploaded (and created) files by their server path (§11).
 */
import type { FileData } from '../protocol.js';
import type { UploadedFile } from './types.js';

/** Where Gradio keeps uploads; each file gets a folder named after its content hash. */
const cacheRoot = '/tmp/gradio';

export interface FileStore {
  /** Every stored file, in arrival order (`fake.uploads`). */
  readonly files: UploadedFile[];
  /** Stores bytes and returns the stored file (identical content and name share one path). */
  add(bytes: Uint8Array, name: string, type: string): UploadedFile;
  get(path: string): UploadedFile | undefined;
}

export function createFileStore(): FileStore {
  const files: UploadedFile[] = [];
  const byPath = new Map<string, UploadedFile>();
  return {
    files,
    add(bytes, name, type) {
      const path = `${cacheRoot}/${sha256Hex(bytes)}/${sanitizeFileName(name)}`;
      const file: UploadedFile = { path, name, type, size: bytes.byteLength, bytes };
      files.push(file);
      byPath.set(path, file);
      return file;
    },
    get(path) {
      return byPath.get(path);
    },
  };
}

/** The `FileData` of a stored file (its `url` is filled in when it is sent, §11.3). */
export function fileDataOf(file: UploadedFile): FileData {
  return {
    path: file.path,
    url: null,
    size: file.size,
    orig_name: file.name,
    mime_type: file.type === '' ? null : file.type,
    is_stream: false,
    meta: { _type: 'gradio.FileData' },
  };
}

/**
 * Gradio's `strip_invalid_filename_characters`: the base name keeps letters, digits and
 * `._-, ` (trailing spaces dropped), the extension is kept, at most 200 bytes; an empty result
 * becomes `tmp` + 10 hex digits.
 */
export function sanitizeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  const hasExtension = dot > 0;
  const stem = hasExtension ? base.slice(0, dot) : base;
  const extension = hasExtension ? base.slice(dot) : '';
  let cleaned = [...stem].filter((char) => /[\p{L}\p{N}._\-, ]/u.test(char)).join('').trimEnd() + extension;
  const encoder = new TextEncoder();
  while (encoder.encode(cleaned).byteLength > 200) cleaned = [...cleaned].slice(0, -1).join('');
  if (cleaned === '' || cleaned === extension) {
    cleaned = `tmp${[...sha256Hex(encoder.encode(name))].slice(0, 10).join('')}${extension}`;
  }
  return cleaned;
}

const roundConstants = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
  0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
  0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
  0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
  0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
  0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
  0xc67178f2,
]);

/**
 * SHA-256 of some bytes as 64 lower-case hex digits. Synchronous (WebCrypto is async), so a
 * function can create a file and return its path in one step.
 */
export function sha256Hex(bytes: Uint8Array): string {
  const hash = new Uint32Array([
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  ]);
  const paddedLength = Math.ceil((bytes.byteLength + 9) / 64) * 64;
  const padded = new Uint8Array(paddedLength);
  padded.set(bytes);
  padded[bytes.byteLength] = 0x80;
  const view = new DataView(padded.buffer);
  const bitLength = bytes.byteLength * 8;
  view.setUint32(paddedLength - 8, Math.floor(bitLength / 0x100000000));
  view.setUint32(paddedLength - 4, bitLength >>> 0);
  const words = new Uint32Array(64);
  const rotr = (value: number, count: number): number => (value >>> count) | (value << (32 - count));
  for (let offset = 0; offset < paddedLength; offset += 64) {
    for (let index = 0; index < 16; index += 1) words[index] = view.getUint32(offset + index * 4);
    for (let index = 16; index < 64; index += 1) {
      const w15 = words[index - 15] ?? 0;
      const w2 = words[index - 2] ?? 0;
      const s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      const s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      words[index] = ((words[index - 16] ?? 0) + s0 + (words[index - 7] ?? 0) + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, h] = [...hash] as [number, number, number, number, number, number, number, number];
    for (let index = 0; index < 64; index += 1) {
      const s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
      const choice = (e & f) ^ (~e & g);
      const temp1 = (h + s1 + choice + (roundConstants[index] ?? 0) + (words[index] ?? 0)) >>> 0;
      const s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
      const majority = (a & b) ^ (a & c) ^ (b & c);
      const temp2 = (s0 + majority) >>> 0;
      h = g;
      g = f;
      f = e;
      e = (d + temp1) >>> 0;
      d = c;
      c = b;
      b = a;
      a = (temp1 + temp2) >>> 0;
    }
    const state = [a, b, c, d, e, f, g, h];
    for (let index = 0; index < 8; index += 1) hash[index] = ((hash[index] ?? 0) + (state[index] ?? 0)) >>> 0;
  }
  return [...hash].map((word) => word.toString(16).padStart(8, '0')).join('');
}
