/**
 * Races around cancel (protocol spec §7.2): Gradio's `/cancel` stops every running job of the
 * endpoint in the session, so a cancel that lands after the next job of that endpoint joined the
 * same session would stop that job too, silently: it would never complete (found by the leak
 * test's streaming cycles). The next join must wait until the cancel has landed.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gradio, type GradioEvent } from '../../src/index.js';
import { slow, until } from '../helpers/apps.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const start = useFakeServer();

/** A fetch whose `/cancel` requests leave `delayMs` late, like a cancel stuck behind a slow network. */
function lateCancels(delayMs: number): typeof fetch {
  return async (input, init) => {
    if (String(input).endsWith('/cancel')) await new Promise((resolve) => setTimeout(resolve, delayMs));
    return fetch(input, init);
  };
}

describe.each([
  ['in the app session pool', undefined],
  ['in a pinned session', 'pinned-session'],
])('a cancel still on its way %s', (_where, sessionHash) => {
  it('does not stop the next job of the same endpoint, which joins once the cancel has landed', async () => {
    // The first job outlives its late cancel (150 ms) by far, even on a loaded machine.
    const server = await start({ endpoints: [slow({ ms: 1_000, tickMs: 10 })] });
    const app = gradio(server.url, { fetch: lateCancels(150), idleTimeoutMs: 3_000, ...(sessionHash === undefined ? {} : { sessionHash }) });
    const first: GradioEvent[] = [];
    const subscription = app.submit('/slow', ['first']).subscribe((event) => first.push(event));
    await until(() => first.some((event) => event.type === 'generating'));
    subscription.unsubscribe();

    const next = await lastValueFrom(app.submit('/slow', ['next']).pipe(toArray()));

    expect(next.at(-1)).toMatchObject({ type: 'completed' });
    expect(String((next.at(-1) as { data: unknown[] }).data[0])).toMatch(/^next:\.+$/);
    const firstId = (first[0] as { eventId: string }).eventId;
    expect(server.fake.cancelled.map((record) => record.eventId)).toEqual([firstId]);
    const paths = server.requests.map((request) => `${request.method} ${request.path}`);
    const joins = paths.flatMap((path, index) => (path.endsWith('/queue/join') ? [index] : []));
    // The second join went out only after the cancel had reached the server.
    expect(paths.indexOf('POST /gradio_api/cancel')).toBeLessThan(joins[1]!);
    // Both jobs ran in the same session: its gr.State carries over.
    const sessions = server.requests.filter((request) => request.path.endsWith('/queue/join')).map((request) => (request.body as { session_hash: string }).session_hash);
    expect(new Set(sessions).size).toBe(1);
  });
});
