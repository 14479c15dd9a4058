/**
 * Helpers for the fake-server tests: reading the spec's transcripts and real captures,
 * normalising the parts that legitimately differ (event ids, timings), reading SSE responses
 * incrementally, and the "chat app" of transcripts/config-and-info.txt.
 */
import { readFileSync } from 'node:fs';
import type { DiffOp } from '../../src/protocol.js';
import type { FakeComponent, FakeEndpoint } from '../../src/testing/index.js';
import { specFixtures } from '../helpers/fixturePaths.js';

const specDirectory = specFixtures;

/** The body of `<<< RESPONSE n` of a transcript, exactly as its README defines it. */
export function transcriptBody(fileName: string, responseNumber: number): string {
  const text = readFileSync(new URL(`transcripts/${fileName}`, specDirectory), 'utf8');
  const start = text.indexOf(`<<< RESPONSE ${responseNumber}\n`);
  if (start < 0) throw new Error(`${fileName} has no response ${responseNumber}`);
  const afterMarker = text.indexOf('\n', start) + 1;
  const bodyStart = text.indexOf('\n\n', afterMarker) + 2;
  const nextMarker = /\n(?:>>>|<<<|!!!) /g;
  nextMarker.lastIndex = bodyStart - 1;
  const match = nextMarker.exec(text);
  // The newline before the next marker (or before the end of the file) is not part of the body.
  return text.slice(bodyStart, match === null ? text.replace(/\n$/, '').length : match.index);
}

/** The request body of `>>> REQUEST n` of a transcript. */
export function transcriptRequestBody(fileName: string, requestNumber: number): string {
  const text = readFileSync(new URL(`transcripts/${fileName}`, specDirectory), 'utf8');
  const start = text.indexOf(`>>> REQUEST ${requestNumber}\n`);
  const bodyStart = text.indexOf('\n\n', start) + 2;
  const end = text.indexOf('\n<<< ', bodyStart);
  return text.slice(bodyStart, end);
}

/** The response body of a real Gradio 5.49.1 capture (test/fixtures/spec/real), bytes as received. */
export function realBody(fileName: string): string {
  const text = readFileSync(new URL(`real/${fileName}`, specDirectory), 'utf8');
  const rawStart = text.indexOf('\n', text.indexOf('### ------')) + 1;
  return text.slice(text.indexOf('\r\n\r\n', rawStart) + 4);
}

/**
 * The response body of a real Gradio 6.25.0 capture (test/fixtures/spec/real6), bytes as
 * received. The `c*` (gradio.Server) captures have a shorter header: the response follows it.
 */
export function real6Body(fileName: string): string {
  const text = readFileSync(new URL(`real6/${fileName}`, specDirectory), 'utf8');
  const marker = text.indexOf('### ------');
  const rawStart = marker >= 0 ? text.indexOf('\n', marker) + 1 : text.indexOf('HTTP/1.1 ');
  return text.slice(text.indexOf('\r\n\r\n', rawStart) + 4);
}

/** The status line and lower-cased headers of a real Gradio 6.25.0 capture. */
export function real6Head(fileName: string): { status: number; headers: Record<string, string> } {
  const text = readFileSync(new URL(`real6/${fileName}`, specDirectory), 'utf8');
  const start = text.indexOf('HTTP/1.1 ');
  const lines = text.slice(start, text.indexOf('\r\n\r\n', start)).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(lines[0]?.split(' ')[1]), headers };
}

/** The request body of a real Gradio 6.25.0 capture (the line curl sent after its headers). */
export function real6RequestBody(fileName: string): string {
  const text = readFileSync(new URL(`real6/${fileName}`, specDirectory), 'utf8');
  const start = text.indexOf('\n> \n') + '\n> \n'.length;
  return text.slice(start, text.indexOf('\n###', start));
}

/** The `data:` JSON payloads of an SSE body, parsed. */
export function dataMessages(body: string): Record<string, unknown>[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)) as Record<string, unknown>);
}

/**
 * Replaces what differs between two runs of the same exchange: event ids (numbered by first
 * appearance) and the timing numbers (`duration`, `average_duration`, `eta`, `rank_eta`, and Gradio
 * 6's `cache_duration` and `avg_time`).
 */
export function normalize(text: string): string {
  const ids = new Map<string, string>();
  return text
    .replace(/\b[0-9a-f]{32}\b/g, (id) => {
      if (!ids.has(id)) ids.set(id, `<event ${ids.size + 1}>`);
      return ids.get(id) ?? id;
    })
    .replace(/"(duration|average_duration|eta|rank_eta|cache_duration|avg_time)":(null|[-0-9.e]+)(?=[,}])/g, (_match, field: string, value: string) =>
      // a gr.Error's `duration` (an int) is part of the payload, not a timing
      field === 'duration' && /^\d+$/.test(value) ? `"${field}":${value}` : `"${field}":<t>`,
    );
}

/** POSTs JSON like the official client (compact body, `Content-Type: application/json`). */
export function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Joins the queue and returns the event id (fails the test on another status). */
export async function join(base: string, body: Record<string, unknown>): Promise<string> {
  const response = await postJson(`${base}/queue/join?`, { event_data: null, trigger_id: null, ...body });
  if (response.status !== 200) throw new Error(`join answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { event_id: string }).event_id;
}

/** Reads an SSE response one event block (`…\n\n`) at a time. */
export interface SseReader {
  /** The next block including its blank line, or `null` at EOF. Rejects on a connection abort. */
  next(timeoutMs?: number): Promise<string | null>;
  /** Everything until EOF. */
  rest(): Promise<string>;
  cancel(): Promise<void>;
}

export function sseReader(response: Response): SseReader {
  if (response.body === null) throw new Error('no body');
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let ended = false;
  const next = async (timeoutMs = 5000): Promise<string | null> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = buffer.slice(0, end + 2);
        buffer = buffer.slice(end + 2);
        return block;
      }
      if (ended) return null;
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no SSE event within ${timeoutMs} ms; buffered: ${JSON.stringify(buffer)}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error(`no SSE event within ${timeoutMs} ms`)), remaining);
        }),
      ]).finally(() => clearTimeout(timer));
      if (chunk.done) ended = true;
      else buffer += decoder.decode(chunk.value, { stream: true });
    }
  };
  return {
    next,
    async rest() {
      let text = '';
      for (let block = await next(); block !== null; block = await next()) text += block;
      return text + buffer;
    },
    async cancel() {
      await reader.cancel().catch(() => undefined);
    },
  };
}

/** Polls until `check` returns true (fails after `timeoutMs`). */
export async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A chat message in the Gradio 5 "messages" format, fields in wire order. */
export function chatMessage(role: 'user' | 'assistant', content: string): Record<string, unknown> {
  return { role, metadata: null, content, options: null };
}

/** The components of the chat app of transcripts/config-and-info.txt. */
export const chatComponents = {
  message: { type: 'textbox', label: 'Message', id: 1, default: '', parameterName: 'message' },
  chatbot: { type: 'chatbot', label: 'Chatbot', id: 2, props: { type: 'messages' }, default: [], parameterName: 'history' },
  state: { type: 'state', id: 3 },
} satisfies Record<string, FakeComponent>;

/**
 * The chat app of transcripts/config-and-info.txt: 0 "chat" (a generator answering with the
 * given chunks), 1 "predict" (echo), 2 internal (clears).
 */
export function chatApp(chunks: string[] = ['Hello', '! How', ' can I help?'], stepMs = 5): FakeEndpoint[] {
  const { message, chatbot, state } = chatComponents;
  return [
    {
      apiName: 'chat',
      inputs: [message, chatbot, state],
      outputs: [message, chatbot],
      triggerId: 5,
      async *fn([text, history], ctx) {
        const previous = Array.isArray(history) ? history : [];
        let reply = '';
        yield ['', [...previous, chatMessage('user', String(text)), chatMessage('assistant', reply)]];
        for (const chunk of chunks) {
          await ctx.sleep(stepMs);
          reply += chunk;
          yield ['', [...previous, chatMessage('user', String(text)), chatMessage('assistant', reply)]];
        }
      },
    },
    {
      apiName: 'predict',
      inputs: [{ ...message, parameterName: 'text' }],
      outputs: [message],
      triggerId: 6,
      fn: ([text]) => [text],
    },
    {
      apiName: false,
      inputs: [],
      outputs: [message, chatbot],
      triggerId: 7,
      fn: () => ['', []],
    },
  ];
}

/** Applies edit lists the way the official clients do (§6.6 "Client algorithm"), on a copy. */
export function applyOps(value: unknown, ops: DiffOp[]): unknown {
  let result: unknown = structuredClone(value);
  for (const [op, path, opValue] of ops) {
    if (path.length === 0) {
      result = op === 'append' ? `${String(result)}${String(opValue)}` : opValue;
      continue;
    }
    let parent = result as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
    const key = path[path.length - 1] as string | number;
    if (op === 'replace') parent[key] = opValue;
    else if (op === 'append') parent[key] = `${String(parent[key])}${String(opValue)}`;
    else if (op === 'add' && Array.isArray(parent)) parent.splice(Number(key), 0, opValue);
    else if (op === 'add') parent[key] = opValue;
    else if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  }
  return result;
}

/**
 * The full output values of every `process_generating` message of one event, diffs applied:
 * what the generator behind a captured stream yielded.
 */
export function yieldedValues(messages: Record<string, unknown>[]): unknown[][] {
  const values: unknown[][] = [];
  for (const message of messages) {
    if (message['msg'] !== 'process_generating') continue;
    const data = (message['output'] as { data: unknown[] }).data;
    const previous = values[values.length - 1];
    values.push(previous === undefined ? data : data.map((ops, index) => applyOps(previous[index] ?? null, ops as DiffOp[])));
  }
  return values;
}

/** Opens `GET {base}/queue/data?session_hash=`. */
export async function openQueueStream(base: string, sessionHash: string, init: RequestInit = {}): Promise<SseReader> {
  const response = await fetch(`${base}/queue/data?session_hash=${sessionHash}`, init);
  if (response.status !== 200) throw new Error(`queue/data answered ${response.status}`);
  return sseReader(response);
}

/** A promise with its resolve function, to hold a fake function at a step. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

/** The request body of a real capture (the line curl sent after its headers). */
export function realRequestBody(fileName: string): string {
  const text = readFileSync(new URL(`real/${fileName}`, specDirectory), 'utf8');
  const start = text.indexOf('\n> \n') + '\n> \n'.length;
  return text.slice(start, text.indexOf('\n###', start));
}

/** Messages of one event, in order. */
export function messagesOf(messages: Record<string, unknown>[], eventId: unknown): Record<string, unknown>[] {
  return messages.filter((message) => message['event_id'] === eventId);
}
