/**
 * Small helpers of the AI SDK provider tests.
 */
import type { FakeGradioServer } from '../../src/testing/index.js';

/** The queue joins the server received. */
export const joinsOf = (server: FakeGradioServer) => server.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/queue/join'));

/** A tiny PNG: its signature, then a few bytes the fake reads back. */
export function pngBytes(): Uint8Array {
  return new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
}

/** The error part of a streamText result (its `fullStream`); fails when there is none. */
export async function errorOfStream(result: { fullStream: AsyncIterable<{ type: string; error?: unknown }> }): Promise<unknown> {
  for await (const part of result.fullStream) if (part.type === 'error') return part.error;
  throw new Error('expected an error part, but the stream ended without one');
}

/** Every value of a ReadableStream. */
export async function partsOf<T>(stream: ReadableStream<T>): Promise<T[]> {
  const parts: T[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) parts.push(read.value);
  return parts;
}
