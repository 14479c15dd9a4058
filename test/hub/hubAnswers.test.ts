/**
 * Whatever the hub answers (any JSON, any status), each hub call gives a checked value or a
 * typed `GradioError`, never a JavaScript exception that slipped through.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGradioError } from '../../src/errors.js';
import { lookupHost, readRuntime, spaceBySubdomain } from '../../src/hub/hubApi.js';
import { Http } from '../../src/transport/http.js';

const hubUrl = 'https://hub.example';
const json = fc.jsonValue({ maxDepth: 3 });
/** A plausible hub answer with any JSON in place of any field, or any JSON at all. */
const answer = fc.oneof(
  fc.record(
    {
      id: fc.oneof(fc.constant('owner/space'), json),
      host: fc.oneof(fc.constantFrom('https://owner-space.hf.space', 'http://127.0.0.1:1', 'ftp://x', 'https://u:p@x.hf.space'), json),
      runtime: fc.oneof(fc.record({ stage: fc.oneof(fc.constantFrom('RUNNING', 'SLEEPING', 'BUILDING', 'RUNTIME_ERROR', ''), json) }, { requiredKeys: [] }), json),
    },
    { requiredKeys: [] },
  ),
  json,
);
const status = fc.constantFrom(200, 200, 200, 401, 404, 500, 503);

/** An `Http` whose every answer is `body` with `status`. */
function hubAnswering(body: unknown, code: number): Http {
  return new Http({ root: hubUrl, timeoutMs: 5_000, fetch: async () => new Response(JSON.stringify(body), { status: code, headers: { 'content-type': 'application/json' } }) });
}

/** The outcome of a hub call: its value, or its failure (which must be a GradioError). */
async function outcome<T>(call: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  try {
    return { value: await call };
  } catch (error) {
    return { error };
  }
}

describe('the hub calls, given any answer', () => {
  it('give a host URL, a runtime stage and a Space id of the right types, or a typed GradioError', async () => {
    await fc.assert(
      fc.asyncProperty(answer, status, async (body, code) => {
        const http = hubAnswering(body, code);
        const host = await outcome(lookupHost(http, hubUrl, 'owner/space'));
        const runtime = await outcome(readRuntime(http, hubUrl, 'owner/space'));
        const bySubdomain = await outcome(spaceBySubdomain(http, hubUrl, 'owner-space'));
        for (const { error } of [host, runtime, bySubdomain]) {
          if (error !== undefined) expect(isGradioError(error), String(error)).toBe(true);
        }
        if (host.value !== undefined) expect(host.value.root).toMatch(/^https?:\/\/[^@/]+(\/|$)/);
        if (runtime.value !== undefined) expect(typeof runtime.value.stage).toBe('string');
        if (bySubdomain.value !== undefined) expect(bySubdomain.value.id).toMatch(/^[\w.-]+\/[\w.-]+$/);
      }),
      { numRuns: 300 },
    );
  });
});
