/**
 * SSE fixtures for transport tests: the response bodies of the wire transcripts
 * (test/fixtures/spec/transcripts/*.txt), the raw bodies of the real Gradio 5.49.1 and 6.25.0
 * captures (test/fixtures/spec/real/*.txt, real6/*.txt), a multi-byte fixture, and seeded random chunking.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SseHandler } from '../../src/transport/sse.js';
import { specFixtures } from './fixturePaths.js';

/** One decoded event, as the tests compare them: the decoder hands `data` and `event` over as two arguments. */
export interface SseEvent {
  event?: string;
  data: string;
}

/** A decoder callback that appends each event to `events` (without `event` when there is none). */
export function collectInto(events: SseEvent[]): SseHandler {
  return (data, event) => {
    events.push(event === undefined ? { data } : { event, data });
  };
}

const transcriptsDir = new URL('transcripts/', specFixtures);

/** One `<<< RESPONSE n` section of a transcript. */
export interface TranscriptResponse {
  /** The number shared with its request. */
  number: number;
  /** e.g. `HTTP/1.1 200 OK`. */
  statusLine: string;
  /** Header names lower-cased. */
  headers: Record<string, string>;
  /** The body exactly as the transcripts README defines it. */
  body: string;
}

/** Names (`cancel.txt`, …) of every transcript file, sorted. */
export function listTranscripts(): string[] {
  return readdirSync(fileURLToPath(transcriptsDir))
    .filter((name) => name.endsWith('.txt'))
    .sort();
}

/** Reads a transcript file as text. */
export function readTranscript(name: string): string {
  return readFileSync(new URL(name, transcriptsDir), 'utf8');
}

const markerLine = /^(?:>>>|<<<|!!!) .*$/gm;

/**
 * Splits a transcript into its responses, following the rules of the transcripts README: a
 * body is every character after the empty line that ends the headers, up to but not including
 * the single newline before the next marker line (or the end of the file).
 */
export function parseTranscriptResponses(text: string): TranscriptResponse[] {
  const markers = [...text.matchAll(markerLine)];
  const responses: TranscriptResponse[] = [];
  markers.forEach((marker, index) => {
    const number = /^<<< RESPONSE (\d+)/.exec(marker[0]);
    if (number === null) return;
    const start = marker.index + marker[0].length + 1;
    const next = markers[index + 1];
    const end = next === undefined ? text.length : next.index;
    const section = text.slice(start, end).replace(/\n$/, '');
    const headerEnd = section.indexOf('\n\n');
    const head = headerEnd === -1 ? section : section.slice(0, headerEnd);
    const [statusLine = '', ...headerLines] = head.split('\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const body = headerEnd === -1 ? '' : section.slice(headerEnd + 2);
    responses.push({ number: Number(number[1]), statusLine, headers, body });
  });
  return responses;
}

/** The bodies of a transcript's `text/event-stream` responses, in file order. */
export function readTranscriptSseBodies(name: string): string[] {
  return parseTranscriptResponses(readTranscript(name))
    .filter((response) => response.headers['content-type']?.startsWith('text/event-stream') === true)
    .map((response) => response.body);
}

/** The folders of real captures: Gradio 4.44.1 (`real4`), 5.49.1 (`real`) and 6.25.0 (`real6`). */
export type RealCaptureFolder = 'real4' | 'real' | 'real6';

/** Where a folder of real captures is. */
function captureFolder(folder: RealCaptureFolder): URL {
  return new URL(`${folder}/`, specFixtures);
}

/** Names of the real captures that hold an SSE body (`*_data.txt`, `*_sse.txt`), sorted. */
export function listRealSseCaptures(folder: RealCaptureFolder = 'real'): string[] {
  return readdirSync(fileURLToPath(captureFolder(folder)))
    .filter((name) => /_(?:data|sse)\.txt$/.test(name))
    .sort();
}

/**
 * The raw body bytes of a real capture: everything after the `### ----` line is the HTTP
 * response as received (status line and CRLF headers, then the de-chunked body). The
 * `gradio.Server` captures of real6 (`c*`) have a short header with the response right after it.
 */
export function readRealCaptureBody(name: string, folder: RealCaptureFolder = 'real'): Uint8Array {
  const bytes = readFileSync(new URL(name, captureFolder(folder)));
  const separator = bytes.indexOf('\n### ----');
  const statusLine = bytes.indexOf('\nHTTP/1.1 ');
  if (separator === -1 && statusLine === -1) throw new Error(`${name}: no "### ----" line`);
  const responseStart = separator === -1 ? statusLine + 1 : bytes.indexOf('\n', separator + 1) + 1;
  const headerEnd = bytes.indexOf('\r\n\r\n', responseStart);
  if (headerEnd === -1) throw new Error(`${name}: no end of headers`);
  return new Uint8Array(bytes.subarray(headerEnd + 4));
}

/** `edge-framing-proxy-mangled.txt` spells carriage returns as the 4 characters `<CR>`. */
export function restoreCarriageReturns(text: string): string {
  return text.replaceAll('<CR>', '\r');
}

/**
 * Events with Cyrillic, CJK, emoji (4-byte UTF-8, surrogate pairs in JS) and combining text,
 * in both Gradio shapes: raw UTF-8 JSON as on /queue/data and `event:` lines as on /call.
 */
export const multiByteEvents: SseEvent[] = [
  { data: '{"msg":"process_generating","output":{"data":["Привет, мир! Как дела?"]}}' },
  { data: '{"msg":"log","log":"你好，世界。这是一个测试。"}' },
  { event: 'generating', data: '["🚀🔥 emoji 👩‍👩‍👧‍👦 family, flags 🇺🇦🇯🇵"]' },
  { event: 'complete', data: '["Ёлка ёжик — 東京 — 😀\\u00e9 — é (e + combining acute)"]' },
  { data: 'первая строка\n第二行 🐉\nthird' },
];

/** Writes events the way Gradio does: optional `event:` line, `data:` lines, blank line. */
export function encodeSseEvents(events: readonly SseEvent[], lineBreak = '\n'): string {
  return events
    .map((event) => {
      const lines = event.event === undefined ? [] : [`event: ${event.event}`];
      for (const line of event.data.split('\n')) lines.push(`data: ${line}`);
      return lines.map((line) => line + lineBreak).join('') + lineBreak;
    })
    .join('');
}

/** A small seeded PRNG (mulberry32): the same seed gives the same splits on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Cuts `bytes` into pieces of random length between 1 and `maxPiece`, as a network would: the
 * cuts ignore line and character boundaries.
 */
export function splitAtRandomOffsets(bytes: Uint8Array, random: () => number, maxPiece = 64): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const length = 1 + Math.floor(random() * maxPiece);
    pieces.push(bytes.subarray(offset, offset + length));
    offset += length;
  }
  return pieces;
}

/** Cuts `bytes` at the given offsets (out-of-range and duplicate offsets are fine). */
export function splitAtOffsets(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.map((offset) => Math.max(0, Math.min(bytes.length, offset))))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let previous = 0;
  for (const cut of [...cuts, bytes.length]) {
    pieces.push(bytes.subarray(previous, cut));
    previous = cut;
  }
  return pieces;
}
