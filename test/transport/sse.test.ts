import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSseDecoder, readEventStream } from '../../src/transport/sse.js';
import {
  collectInto,
  encodeSseEvents,
  listRealSseCaptures,
  listTranscripts,
  multiByteEvents,
  readRealCaptureBody,
  readTranscript,
  readTranscriptSseBodies,
  restoreCarriageReturns,
  seededRandom,
  splitAtOffsets,
  splitAtRandomOffsets,
  type SseEvent,
} from '../helpers/sseFixtures.js';

const utf8 = new TextEncoder();

/** Feeds every chunk to a fresh decoder, ends it, and returns the events it produced. */
function decodeAll(chunks: Iterable<Uint8Array | string>): SseEvent[] {
  const events: SseEvent[] = [];
  const decoder = createSseDecoder(collectInto(events));
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return events;
}

/** The text after `data: ` of every data line: each Gradio event has exactly one (§5.2, §6.3). */
function dataLinesOf(body: string): string[] {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => line.slice('data: '.length));
}

/** The recorded SSE bodies, by source file (the synthetic mangled one has its own tests). */
const recordedBodies: { source: string; bytes: Uint8Array }[] = [
  ...listTranscripts()
    .filter((name) => name !== 'edge-framing-proxy-mangled.txt')
    .flatMap((name) => readTranscriptSseBodies(name).map((body) => ({ source: name, bytes: utf8.encode(body) }))),
  ...listRealSseCaptures().map((name) => ({ source: `real/${name}`, bytes: readRealCaptureBody(name) })),
  ...listRealSseCaptures('real6').map((name) => ({ source: `real6/${name}`, bytes: readRealCaptureBody(name, 'real6') })),
  ...listRealSseCaptures('real4').map((name) => ({ source: `real4/${name}`, bytes: readRealCaptureBody(name, 'real4') })),
];

describe('createSseDecoder on the recorded Gradio streams', () => {
  it('finds the SSE bodies of the transcripts and of the real captures', () => {
    const sources = new Set(recordedBodies.map((body) => body.source));
    expect(sources).toContain('queue-v3-streaming-diffs.txt');
    expect(sources).toContain('call-generating-complete.txt');
    expect(sources).toContain('heartbeat-endpoint.txt');
    expect(sources).toContain('real/a03_call_generate_sse.txt');
    expect(sources).toContain('real/b17_multiplex_data.txt');
    expect(sources).toContain('real6/a09_call_quota_sse.txt');
    expect(sources).toContain('real6/c04_server_queue_chat_data.txt');
    expect(sources).toContain('real4/g07_call_chat_sse.txt');
    expect(recordedBodies.every((body) => body.bytes.length > 0)).toBe(true);
  });

  it.each(recordedBodies)('parses every data line of $source as one event, in order', ({ bytes }) => {
    const events = decodeAll([bytes]);
    const body = new TextDecoder().decode(bytes);
    expect(events.length).toBeGreaterThan(0);
    expect(events.map((event) => event.data)).toEqual(dataLinesOf(body));
  });

  it.each(recordedBodies)('gives the same events for $source at any chunk boundaries', ({ bytes }) => {
    const whole = decodeAll([bytes]);
    const random = seededRandom(bytes.length);
    for (let run = 0; run < 40; run += 1) {
      const maxPiece = run % 4 === 0 ? 3 : 80;
      expect(decodeAll(splitAtRandomOffsets(bytes, random, maxPiece))).toEqual(whole);
    }
  });

  it('keeps the event names of a /call stream (call-generating-complete.txt)', () => {
    const [body = ''] = readTranscriptSseBodies('call-generating-complete.txt');
    const names = body
      .split('\n')
      .filter((line) => line.startsWith('event: '))
      .map((line) => line.slice('event: '.length));
    const events = decodeAll([body]);
    expect(names).toContain('heartbeat');
    expect(events.map((event) => event.event)).toEqual(names);
  });

  it('leaves queue/data events without an event name (real/a14_queue_generate_data.txt)', () => {
    const events = decodeAll([readRealCaptureBody('a14_queue_generate_data.txt')]);
    expect(events.every((event) => !('event' in event))).toBe(true);
    expect(events.at(-1)).toEqual({ data: '{"msg":"close_stream","event_id":null}' });
  });

  it('passes `data: null` through as the text "null" (call-error-quota.txt)', () => {
    const [body = ''] = readTranscriptSseBodies('call-error-quota.txt');
    const events = decodeAll([body]);
    expect(events).toContainEqual({ event: 'error', data: 'null' });
  });
});

describe('createSseDecoder with multi-byte UTF-8', () => {
  const bytes = utf8.encode(encodeSseEvents(multiByteEvents));
  /** Offsets that fall inside a character: the byte there is a UTF-8 continuation byte. */
  const offsetsInsideCharacters = [...bytes.keys()].filter((offset) => ((bytes[offset] ?? 0) & 0xc0) === 0x80);

  it('has split points inside 2-, 3- and 4-byte characters to test', () => {
    expect(bytes.some((byte) => byte >= 0xd0 && byte <= 0xd1)).toBe(true); // Cyrillic lead bytes
    expect(bytes.some((byte) => byte >= 0xe4 && byte <= 0xe9)).toBe(true); // CJK lead bytes
    expect(bytes.some((byte) => byte === 0xf0)).toBe(true); // emoji lead bytes
    expect(offsetsInsideCharacters.length).toBeGreaterThan(100);
  });

  it('decodes the events intact in one chunk', () => {
    expect(decodeAll([bytes])).toEqual(multiByteEvents);
  });

  it('decodes the events intact when cut in two at every byte offset', () => {
    for (let offset = 0; offset <= bytes.length; offset += 1) {
      expect(decodeAll(splitAtOffsets(bytes, [offset]))).toEqual(multiByteEvents);
    }
  });

  it('decodes the events intact when cut inside many characters at once', () => {
    const random = seededRandom(2024);
    for (let run = 0; run < 50; run += 1) {
      const cuts = offsetsInsideCharacters.filter(() => random() < 0.3);
      expect(decodeAll(splitAtOffsets(bytes, cuts))).toEqual(multiByteEvents);
    }
  });

  it('decodes the events intact when fed one byte at a time', () => {
    const events = decodeAll([...bytes].map((byte) => Uint8Array.of(byte)));
    expect(events).toEqual(multiByteEvents);
    expect(events.some((event) => event.data.includes('\uFFFD'))).toBe(false);
  });

  it('accepts strings and bytes mixed, flushing a cut character before a string', () => {
    const cyrillic = utf8.encode('data: Я'); // Я is 2 bytes
    const events = decodeAll([cyrillic, '\n\n', 'data: 東京\n\n']);
    expect(events).toEqual([{ data: 'Я' }, { data: '東京' }]);
    const cut = decodeAll([cyrillic.subarray(0, cyrillic.length - 1), '\n\n']);
    expect(cut).toEqual([{ data: '\uFFFD' }]);
  });

  it('turns invalid bytes into U+FFFD instead of throwing', () => {
    const events = decodeAll([utf8.encode('data: a'), Uint8Array.of(0xff, 0xc3), utf8.encode('b\n\n')]);
    expect(events).toEqual([{ data: 'a\uFFFD\uFFFDb' }]);
  });

  it('turns a character cut by the end of the body into U+FFFD', () => {
    const emoji = utf8.encode('data: 😀');
    expect(decodeAll([emoji.subarray(0, emoji.length - 2)])).toEqual([{ data: '\uFFFD' }]);
  });

  it('drops one byte order mark at the start of the stream, as bytes or as a string', () => {
    const marked = Uint8Array.of(0xef, 0xbb, 0xbf, ...utf8.encode('data: x\n\n'));
    expect(decodeAll(splitAtOffsets(marked, [1, 2]))).toEqual([{ data: 'x' }]);
    expect(decodeAll(['\uFEFFdata: x\n\n'])).toEqual([{ data: 'x' }]);
    expect(decodeAll(['data: x\n\n\uFEFFdata: y\n\n'])).toEqual([{ data: 'x' }]);
  });

  it('drops only the first of two byte order marks, so the line after them is not a data line', () => {
    expect(decodeAll(['\uFEFF\uFEFFdata: x\n\ndata: y\n\n'])).toEqual([{ data: 'y' }]);
    expect(decodeAll([Uint8Array.of(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf), 'data: x\n\ndata: y\n\n'])).toEqual([{ data: 'y' }]);
  });

  it('keeps text that merely looks like a byte order mark read as Latin-1 ("\xEF\xBB\xBF")', () => {
    expect(decodeAll(['\xEF\xBB\xBFdata: x\n\ndata: y\n\n'])).toEqual([{ data: 'y' }]);
  });
});

describe('createSseDecoder framing (§14 items 1–9)', () => {
  const lfBody = 'event: generating\ndata: ["a"]\n\ndata: {"msg":"heartbeat"}\n\ndata: one\ndata: two\n\n';
  const lfEvents: SseEvent[] = [
    { event: 'generating', data: '["a"]' },
    { data: '{"msg":"heartbeat"}' },
    { data: 'one\ntwo' },
  ];

  it('emits several events that arrive in one chunk', () => {
    expect(decodeAll([lfBody])).toEqual(lfEvents);
  });

  it('waits for the blank line before emitting an event', () => {
    const events: SseEvent[] = [];
    const decoder = createSseDecoder(collectInto(events));
    decoder.push('data: {"msg":');
    decoder.push('"estimation"}\n');
    expect(events).toEqual([]);
    decoder.push('\n');
    expect(events).toEqual([{ data: '{"msg":"estimation"}' }]);
  });

  it.each([
    ['CRLF', '\r\n'],
    ['lone CR', '\r'],
  ])('treats %s line endings like LF, at any chunk boundary', (_name, lineBreak) => {
    const bytes = utf8.encode(lfBody.replaceAll('\n', lineBreak));
    expect(decodeAll([bytes])).toEqual(lfEvents);
    for (let offset = 0; offset <= bytes.length; offset += 1) {
      expect(decodeAll(splitAtOffsets(bytes, [offset]))).toEqual(lfEvents);
    }
  });

  it('treats a mix of LF, CRLF and CR in one stream as line breaks', () => {
    expect(decodeAll(['data: a\r\ndata: b\rdata: c\n\r\n', 'data: d\r\r'])).toEqual([{ data: 'a\nb\nc' }, { data: 'd' }]);
  });

  it('ignores comment lines such as proxy keep-alives', () => {
    expect(decodeAll([': keep-alive\n\n:ping\n\n'])).toEqual([]);
    expect(decodeAll(['data: a\n: keep-alive\ndata: b\n\n'])).toEqual([{ data: 'a\nb' }]);
  });

  it('reads `data:` with or without the space, stripping only one space', () => {
    expect(decodeAll(['data:{"a":1}\n\ndata: {"a":1}\n\ndata:  x\n\n'])).toEqual([
      { data: '{"a":1}' },
      { data: '{"a":1}' },
      { data: ' x' },
    ]);
  });

  it('keeps only `event` and `data`, ignoring id, retry, unknown fields and malformed lines', () => {
    const events = decodeAll(['id: 7\nretry: 1000\nretry: soon\nfoo: bar\nnonsense\nevent: complete\ndata: [1]\n\n']);
    expect(events).toStrictEqual([{ event: 'complete', data: '[1]' }]);
  });

  it('emits an event named but with empty data, and drops empty data without a name', () => {
    expect(decodeAll(['data:\n\n\n\n\ndata: \n\n'])).toEqual([]);
    expect(decodeAll(['event: heartbeat\ndata:\n\n'])).toEqual([{ event: 'heartbeat', data: '' }]);
  });

  it('passes `data: null` and `event: heartbeat` through untouched (§14 item 9)', () => {
    expect(decodeAll(['event: heartbeat\ndata: null\n\n'])).toEqual([{ event: 'heartbeat', data: 'null' }]);
  });

  it('passes non-JSON data through for the caller to judge (heartbeat-endpoint.txt)', () => {
    const [body = ''] = readTranscriptSseBodies('heartbeat-endpoint.txt');
    const events = decodeAll([body]);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((event) => event.data === 'ALIVE')).toBe(true);
  });

  it.each([
    ['no line break', 'data: last'],
    ['one LF', 'data: last\n'],
    ['one CRLF', 'data: last\r\n'],
    ['one lone CR', 'data: last\r'],
  ])('emits a final event that ends with %s only at end()', (_name, tail) => {
    const events: SseEvent[] = [];
    const decoder = createSseDecoder(collectInto(events));
    decoder.push(`data: first\n\n${tail}`);
    expect(events).toEqual([{ data: 'first' }]);
    decoder.end();
    expect(events).toEqual([{ data: 'first' }, { data: 'last' }]);
  });

  it('emits a final event once when the stream ended properly, even if end() is called twice', () => {
    const events: SseEvent[] = [];
    const decoder = createSseDecoder(collectInto(events));
    decoder.push('event: complete\ndata: [1]\n\n');
    decoder.end();
    decoder.end();
    expect(events).toEqual([{ event: 'complete', data: '[1]' }]);
  });

  it('ignores chunks pushed after end()', () => {
    const events: SseEvent[] = [];
    const decoder = createSseDecoder(collectInto(events));
    decoder.end();
    decoder.push('data: late\n\n');
    decoder.end();
    expect(events).toEqual([]);
  });

  it('reads a single 24 MB line split into 64 KiB chunks (§14 item 26)', () => {
    const payload = 'A'.repeat(24 * 1024 * 1024);
    const bytes = utf8.encode(`data: {"image":"${payload}"}\n\ndata: after\n\n`);
    const events = decodeAll(splitAtRandomOffsets(bytes, () => 0.999_999, 65_536));
    expect(events).toHaveLength(2);
    expect(events[0]?.data.length).toBe(payload.length + '{"image":""}'.length);
    expect(events[0]?.data.endsWith('AA"}')).toBe(true);
    expect(events[1]).toEqual({ data: 'after' });
  });
});

describe('createSseDecoder on a stream mangled by a proxy (edge-framing-proxy-mangled.txt)', () => {
  const [mangledBody = ''] = readTranscriptSseBodies('edge-framing-proxy-mangled.txt');
  const mangled = utf8.encode(restoreCarriageReturns(mangledBody));
  const [originalBody = ''] = readTranscriptSseBodies('queue-process-completed-error.txt');
  const originalMessages: unknown[] = decodeAll([originalBody]).map((event) => JSON.parse(event.data));
  const parseMessages = (events: SseEvent[]): unknown[] => events.map((event) => JSON.parse(event.data));

  it('is the CRLF, comment, split-data fixture the README describes', () => {
    expect(readTranscript('edge-framing-proxy-mangled.txt')).toContain('<CR>');
    expect(mangled.includes(13)).toBe(true);
    expect(originalMessages).toHaveLength(4);
  });

  it('yields the same 4 messages as queue-process-completed-error.txt', () => {
    expect(parseMessages(decodeAll([mangled]))).toEqual(originalMessages);
  });

  it('yields the same 4 messages at any chunk boundaries', () => {
    const random = seededRandom(14);
    for (let run = 0; run < 200; run += 1) {
      expect(parseMessages(decodeAll(splitAtRandomOffsets(mangled, random, 1 + (run % 24))))).toEqual(originalMessages);
    }
  });

  it('delivers the last message, which lacks its blank line, only at end()', () => {
    const events: SseEvent[] = [];
    const decoder = createSseDecoder(collectInto(events));
    decoder.push(mangled);
    expect(events).toHaveLength(3);
    decoder.end();
    expect(parseMessages(events)[3]).toEqual({ msg: 'close_stream', event_id: null });
  });
});

describe('createSseDecoder properties', () => {
  /** Text without line breaks, from the whole Unicode range (no lone surrogates). */
  const lineText = fc.string({ unit: 'binary', maxLength: 20 }).map((text) => text.replace(/[\r\n]/g, ''));
  const sseEvent: fc.Arbitrary<SseEvent> = fc.record(
    {
      event: lineText.filter((name) => name !== ''),
      data: fc.array(lineText, { minLength: 1, maxLength: 4 }).map((lines) => lines.join('\n')),
    },
    { requiredKeys: ['data'] },
  );

  it('decodes encoded events back, whatever the line breaks and the chunking', () => {
    fc.assert(
      fc.property(
        fc.array(sseEvent, { maxLength: 8 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 12 }),
        (events, lineBreak, dropFinalBlankLine, offsets) => {
          let text = encodeSseEvents(events, lineBreak);
          if (dropFinalBlankLine && text !== '') text = text.slice(0, -lineBreak.length);
          const bytes = utf8.encode(text);
          const expected = events.filter((event) => event.data !== '' || event.event !== undefined);
          const cuts = offsets.map((offset) => offset % (bytes.length + 1));
          expect(decodeAll(splitAtOffsets(bytes, cuts))).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('decodes any bytes, valid UTF-8 or not, to the same text however the chunks cut them', () => {
    // Chunks that end on an ASCII byte decode whole, the others stream: the switch between the
    // two must never change a character, not even around invalid or cut sequences.
    const payload = fc.uint8Array({ maxLength: 60 }).map((raw) => raw.map((byte) => (byte === 0x0a || byte === 0x0d ? 0x41 : byte)));
    const mixedUtf8 = fc.oneof(payload, fc.string({ unit: 'binary', maxLength: 20 }).map((text) => utf8.encode(text.replace(/[\r\n]/g, ''))));
    fc.assert(
      fc.property(fc.array(mixedUtf8, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { maxLength: 12 }), (parts, offsets) => {
        const data = Uint8Array.from(parts.flatMap((part) => [...part]));
        const bytes = Uint8Array.from([...utf8.encode('data: '), ...data, 0x0a, 0x0a]);
        const expected = new TextDecoder('utf-8', { ignoreBOM: true }).decode(data);
        const cuts = offsets.map((offset) => offset % (bytes.length + 1));
        const events = decodeAll(splitAtOffsets(bytes, cuts));
        expect(events).toEqual(expected === '' ? [] : [{ data: expected }]);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws from push or end, whatever the bytes', () => {
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.string({ unit: fc.constantFrom('\r', '\n', ':', ' ', 'data', 'event', 'id', 'retry', 'x', '\uFEFF', '😀') }),
    );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 10 }), (chunks) => {
        const events = decodeAll(chunks);
        expect(events.every((event) => typeof event.data === 'string')).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

/** A body that delivers the given chunks and then either ends or stays open until cancelled. */
function streamOf(chunks: Uint8Array[], { endAfterChunks = true } = {}) {
  const cancelReasons: unknown[] = [];
  let index = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index];
      index += 1;
      if (chunk !== undefined) controller.enqueue(chunk);
      else if (endAfterChunks) controller.close();
      else return new Promise<void>(() => {}); // the server goes quiet
      return undefined;
    },
    cancel(reason) {
      cancelReasons.push(reason);
    },
  });
  return { body, cancelReasons };
}

describe('readEventStream', () => {
  const bytes = readRealCaptureBody('b17_multiplex_data.txt');

  it('reads a real body to its end, reporting every chunk to onBytes', async () => {
    const chunks = splitAtRandomOffsets(bytes, seededRandom(17), 300);
    const { body } = streamOf(chunks);
    const events: SseEvent[] = [];
    const sizes: number[] = [];
    await readEventStream(body, collectInto(events), { onBytes: (size) => sizes.push(size) });
    expect(events).toEqual(decodeAll([bytes]));
    expect(sizes).toEqual(chunks.map((chunk) => chunk.byteLength));
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(bytes.length);
    expect(body.locked).toBe(false);
  });

  it('reports heartbeat and comment bytes too, which carry no event', async () => {
    const { body } = streamOf([utf8.encode(': keep-alive\n\n')]);
    const sizes: number[] = [];
    const events: SseEvent[] = [];
    await readEventStream(body, collectInto(events), { onBytes: (size) => sizes.push(size) });
    expect(events).toEqual([]);
    expect(sizes).toEqual([14]);
  });

  it('delivers a final event without its blank line before resolving', async () => {
    const { body } = streamOf([utf8.encode('data: one\n\ndata: two')]);
    const events: SseEvent[] = [];
    await readEventStream(body, collectInto(events));
    expect(events).toEqual([{ data: 'one' }, { data: 'two' }]);
  });

  it('rejects with the abort reason, cancels the body and releases it when the signal aborts', async () => {
    const { body, cancelReasons } = streamOf([utf8.encode('data: one\n\ndata: tw')], { endAfterChunks: false });
    const controller = new AbortController();
    const events: SseEvent[] = [];
    const reading = readEventStream(body, collectInto(events), {
      signal: controller.signal,
      onBytes: () => controller.abort(new Error('unsubscribed')),
    });
    await expect(reading).rejects.toThrow('unsubscribed');
    expect(cancelReasons).toEqual([controller.signal.reason]);
    expect(body.locked).toBe(false);
    expect(events).toEqual([{ data: 'one' }]);
  });

  it('rejects while waiting for a quiet server when the signal aborts', async () => {
    const { body, cancelReasons } = streamOf([], { endAfterChunks: false });
    const controller = new AbortController();
    const reading = readEventStream(body, () => {}, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(cancelReasons).toHaveLength(1);
    expect(body.locked).toBe(false);
  });

  it('rejects at once, cancelling the body, when the signal was already aborted', async () => {
    const { body, cancelReasons } = streamOf([utf8.encode('data: never\n\n')]);
    const reason = new Error('too late');
    const events: SseEvent[] = [];
    await expect(readEventStream(body, collectInto(events), { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(events).toEqual([]);
    expect(cancelReasons).toEqual([reason]);
    expect(body.locked).toBe(false);
  });

  it('rejects with the stream error when the connection breaks', async () => {
    const failure = new TypeError('terminated');
    let sent = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) controller.error(failure);
        else controller.enqueue(utf8.encode('data: one\n\n'));
        sent = true;
      },
    });
    const events: SseEvent[] = [];
    await expect(readEventStream(body, collectInto(events))).rejects.toBe(failure);
    expect(events).toEqual([{ data: 'one' }]);
    expect(body.locked).toBe(false);
  });

  it('rejects with the error thrown by onEvent and cancels the body', async () => {
    const { body, cancelReasons } = streamOf([utf8.encode('data: one\n\n')], { endAfterChunks: false });
    const failure = new Error('handler failed');
    await expect(
      readEventStream(body, () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(cancelReasons).toEqual([failure]);
    expect(body.locked).toBe(false);
  });
});
