/**
 * The fake answers any request body as Gradio's FastAPI routes do: 200, a 4xx whose body is
 * JSON (422 for a body that does not fit the model), or Gradio's own 500 for an unknown
 * fn_index or api_name (a traceback on 4/5, a bare "Internal Server Error" on 6; spec §4, §6.1)
 * — never the 500 the fake gives when one of its routes throws; and it goes on serving jobs
 * afterwards. Bodies are arbitrary JSON, text, and join bodies whose fields hold anything.
 */
import fc from 'fast-check';
import { lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { gradio } from '../../src/index.js';
import { createFakeGradio, type FakeGradio } from '../../src/testing/index.js';
import { chatApp } from './support.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};
let fake: FakeGradio | undefined;
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  fake?.close();
  fake = undefined;
});

const json = fc.jsonValue({ maxDepth: 3 });
/** A join (or /call) body whose fields are plausible or anything at all. */
const jobBody = fc
  .record(
    {
      data: fc.oneof(fc.constant(['hi']), json),
      fn_index: fc.oneof(fc.constantFrom(0, 1, 7, '1'), json),
      session_hash: fc.oneof(fc.constant('fuzz'), json),
      event_data: json,
      trigger_id: json,
      event_id: fc.oneof(fc.constant('abc'), json),
    },
    { requiredKeys: [] },
  )
  .map((body) => JSON.stringify(body));
const body = fc.oneof(jobBody, json.map((value) => JSON.stringify(value)), fc.string({ maxLength: 40 }));
const route = fc.constantFrom('queue/join', 'call/predict', 'call/chat', 'call/nope', 'cancel', 'reset', 'upload');

describe.each([4, 5, 6] as const)('the Gradio %s fake, given any request body', (gradioVersion) => {
  it('answers 200 or a 4xx with a JSON body, and still serves a job afterwards', async () => {
    fake = createFakeGradio({ gradioVersion, endpoints: chatApp(['Hi'], 1) });
    const server = fake;
    const prefix = `${server.url}${gradioVersion === 4 ? '' : '/gradio_api'}`;
    await fc.assert(
      fc.asyncProperty(route, body, fc.boolean(), async (path, text, declaredJson) => {
        const response = await server(`${prefix}/${path}`, {
          method: 'POST',
          headers: { 'content-type': declaredJson ? 'application/json' : 'text/plain' },
          body: text,
        });
        const answer = await response.text();
        if (response.status === 500) {
          expect(answer.startsWith('Traceback (most recent call last):\n') || answer === 'Internal Server Error', answer).toBe(true);
        } else {
          expect(response.status === 200 || (response.status >= 400 && response.status < 500), `${response.status} ${answer}`).toBe(true);
          expect(() => JSON.parse(answer), answer).not.toThrow();
        }
      }),
      { numRuns: 300 },
    );
    const app = gradio(server.url, { fetch: server });
    expect(await lastValueFrom(app.predict('/predict', ['still here']))).toEqual(['still here']);
    expect(unhandled).toEqual([]);
  });

  it('answers a GET of any path segment or query with 200 or a 4xx, never a crash', async () => {
    fake = createFakeGradio({ gradioVersion, endpoints: chatApp(['Hi'], 1) });
    const server = fake;
    const prefix = `${server.url}${gradioVersion === 4 ? '' : '/gradio_api'}`;
    const segment = fc.string({ maxLength: 12 }).map(encodeURIComponent);
    const path = fc.oneof(
      segment.map((hash) => `queue/data?session_hash=${hash}`),
      segment.map((id) => `call/predict/${id}`),
      segment.map((id) => `heartbeat/${id}`),
      segment.map((name) => `file=${name}`),
      segment.map((name) => `${name}/info`),
      fc.constantFrom('info', 'config', 'queue/data', 'app_id'),
    );
    await fc.assert(
      fc.asyncProperty(path, async (tail) => {
        const response = await server(`${prefix}/${tail}`);
        // Event streams may never end (a heartbeat stream, a session that waits): status only.
        await response.body?.cancel();
        expect(response.status === 200 || (response.status >= 400 && response.status < 500), `${tail}: ${response.status}`).toBe(true);
      }),
      { numRuns: 200 },
    );
    expect(unhandled).toEqual([]);
  });
});
