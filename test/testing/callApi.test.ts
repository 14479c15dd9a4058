/**
 * The simple call API (§5) over real sockets, compared byte for byte with the transcripts.
 */
import { describe, expect, it } from 'vitest';
import { type FakeEndpoint, type FakeGradioOptions } from '../../src/testing/index.js';
import { gate, postJson, realBody, sseReader, transcriptBody, transcriptRequestBody, waitFor } from './support.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const startServer = useFakeServer();

async function start(options: FakeGradioOptions): Promise<string> {
  // These tests compare with the Gradio 5 transcripts and captures: the 5 layout, pinned.
  const server = await startServer({ gradioVersion: 5, ...options });
  return `${server.url}/gradio_api`;
}

async function call(base: string, apiName: string, body: unknown): Promise<string> {
  const response = await postJson(`${base}/call/${apiName}`, body);
  expect(response.status).toBe(200);
  const text = await response.text();
  expect(text).toMatch(/^\{"event_id":"[0-9a-f]{32}"\}$/);
  return (JSON.parse(text) as { event_id: string }).event_id;
}

/** The generator of transcripts/call-generating-complete.txt; it pauses at `pause` if given. */
function haikuEndpoint(pause?: Promise<void>): FakeEndpoint {
  return {
    apiName: 'generate',
    inputs: [{ type: 'textbox' }],
    outputs: [{ type: 'textbox' }],
    async *fn() {
      yield ['Autumn'];
      yield ['Autumn moonlight \u2014'];
      await pause;
      yield ['Autumn moonlight \u2014\na worm digs silently'];
      yield ['Autumn moonlight \u2014\na worm digs silently\ninto the chestnut.'];
    },
  };
}
const haiku = haikuEndpoint();

describe('POST {P}/call/{api_name} then GET {P}/call/{api_name}/{event_id}', () => {
  it('streams full values, a heartbeat and complete like transcripts/call-generating-complete.txt', async () => {
    const pause = gate();
    const base = await start({ heartbeatMs: 100, endpoints: [haikuEndpoint(pause.promise)] });
    const eventId = await call(base, 'generate', transcriptRequestBody('call-generating-complete.txt', 1));
    const response = await fetch(`${base}/call/generate/${eventId}`);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = sseReader(response);
    let received = '';
    // The function is silent until the heartbeat has been read, so exactly one is sent.
    for (let block = await reader.next(); block !== null; block = await reader.next()) {
      received += block;
      if (block.startsWith('event: heartbeat')) break;
    }
    pause.open();
    received += await reader.rest();
    // The transcript shows the last value only in `complete`; real Gradio (real/a03_call_generate_sse.txt)
    // sends a generator's last value as `generating` and again as `complete`, and so does the fake.
    const transcript = transcriptBody('call-generating-complete.txt', 2);
    const last = /event: complete\ndata: (.*)\n/.exec(transcript)?.[1] ?? '';
    expect(received).toBe(transcript.replace('event: complete', `event: generating\ndata: ${last}\n\nevent: complete`));
  });

  it('reproduces the real capture of a generator on the call API (real/a03_call_generate_sse.txt)', async () => {
    const captured = realBody('a03_call_generate_sse.txt');
    const values = captured
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .slice(0, -1)
      .map((line) => JSON.parse(line.slice('data: '.length)) as unknown[]);
    const base = await start({
      endpoints: [
        {
          apiName: 'generate',
          inputs: [{ type: 'image' }, { type: 'textbox' }],
          outputs: [{ type: 'textbox' }],
          async *fn() {
            yield* values;
          },
        },
      ],
    });
    const eventId = await call(base, 'generate', { data: [null, 'Hello there'] });
    expect(await (await fetch(`${base}/call/generate/${eventId}`)).text()).toBe(captured);
  });

  it('sends "event: error" with data null on a failure (transcripts/call-error-quota.txt)', async () => {
    const base = await start({
      endpoints: [
        {
          apiName: 'generate',
          inputs: [{ type: 'image' }, { type: 'textbox' }],
          outputs: [{ type: 'textbox' }],
          fn: (_inputs, ctx) => ctx.error('You have exceeded your free ZeroGPU quota', { title: 'ZeroGPU quota exceeded' }),
        },
      ],
    });
    const eventId = await call(base, 'generate', transcriptRequestBody('call-error-quota.txt', 1));
    expect(await (await fetch(`${base}/call/generate/${eventId}`)).text()).toBe(transcriptBody('call-error-quota.txt', 2));
  });

  it('sends the error object in Gradio 6 mode (transcripts/call-error-quota-gradio6.txt)', async () => {
    const text =
      'You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 13:40:39. Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU';
    const base = await start({
      callErrorFormat: 'gradio6',
      endpoints: [
        {
          apiName: 'generate',
          inputs: [{ type: 'image' }, { type: 'textbox' }],
          outputs: [{ type: 'textbox' }],
          fn: (_inputs, ctx) => ctx.error(text, { title: 'ZeroGPU quota exceeded' }),
        },
      ],
    });
    const eventId = await call(base, 'generate', transcriptRequestBody('call-error-quota-gradio6.txt', 1));
    expect(await (await fetch(`${base}/call/generate/${eventId}`)).text()).toBe(transcriptBody('call-error-quota-gradio6.txt', 2));
  });

  it('cannot find an event posted with a session_hash (transcripts/call-session-hash-pitfall.txt)', async () => {
    const base = await start({ endpoints: [haiku] });
    const eventId = await call(base, 'generate', transcriptRequestBody('call-session-hash-pitfall.txt', 1));
    const reader = sseReader(await fetch(`${base}/call/generate/${eventId}`));
    expect(await reader.next()).toBe(transcriptBody('call-session-hash-pitfall.txt', 2));
    await expect(reader.next()).rejects.toThrow(TypeError);
  });

  it('answers an unknown event id with the in-band 404 and drops the connection', async () => {
    const base = await start({ endpoints: [haiku] });
    const response = await fetch(`${base}/call/generate/0123456789abcdef0123456789abcdef`);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toThrow(TypeError);
  });

  it('cancels the job when the GET is disconnected', async () => {
    const base = await start({
      endpoints: [
        {
          apiName: 'slow',
          inputs: [],
          outputs: [{ type: 'textbox' }],
          async *fn(_inputs, ctx) {
            for (let step = 0; step < 1000; step += 1) {
              yield [`step ${step}`];
              await ctx.sleep(10);
            }
          },
        },
      ],
    });
    const eventId = await call(base, 'slow', { data: [] });
    const reader = sseReader(await fetch(`${base}/call/slow/${eventId}`));
    expect(await reader.next()).toBe('event: generating\ndata: ["step 0"]\n\n');
    await reader.cancel();
    const fake = startServer.current?.fake;
    await waitFor(() => fake?.stopped.includes(eventId) === true);
    expect(fake?.cancelled).toEqual([{ eventId, fnIndex: 0, sessionHash: eventId, via: 'disconnect' }]);
  });

  it('answers an unknown api name with a 500 traceback and a body without data with 422', async () => {
    const base = await start({ endpoints: [haiku] });
    const unknown = await postJson(`${base}/call/nope`, { data: [] });
    expect(unknown.status).toBe(500);
    expect(await unknown.text()).toContain('Could not infer fn_index for api_name nope.');
    const invalid = await postJson(`${base}/call/generate`, { session_hash: 'x' });
    expect(invalid.status).toBe(422);
  });
});
