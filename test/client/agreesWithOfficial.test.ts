/**
 * gradio-rx and the official `@gradio/client` 2.7.0 get the same outputs from the same fake app,
 * on both layouts: if they disagree, one of us misreads the protocol.
 */
import { Client, handle_file } from '@gradio/client';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { afterEach, beforeAll, afterAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { gradio, type GradioEvent } from '../../src/index.js';
import { type FakeGradioServer, startFakeGradioServer } from '../../src/testing/index.js';
import { chat, echo, imageReader } from '../helpers/apps.js';

// The official client reports its own stream closing on the console; keep the output clean.
let spies: MockInstance[] = [];
beforeAll(() => {
  spies = (['error', 'warn', 'log'] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => undefined));
});
afterAll(() => spies.forEach((spy) => spy.mockRestore()));

describe.each([4, 4.26, 5, 6] as const)('gradio-rx and @gradio/client on the Gradio %s layout', (gradioVersion) => {
  let server: FakeGradioServer;
  let official: Client | undefined;
  afterEach(async () => {
    official?.close();
    official = undefined;
    await server.close();
  });

  async function both() {
    server = await startFakeGradioServer({ gradioVersion, endpoints: [chat({ tokens: () => ['Hel', 'lo', ' there', ' there'] }), echo(), imageReader()] });
    official = await Client.connect(server.url, { events: ['data', 'status'] });
    return { rx: gradio(server.url), official };
  }

  it('agree on the API description', async () => {
    const { rx, official } = await both();
    const info = await firstValueFrom(rx.info());
    const api = await official.view_api();
    expect(Object.keys(info.named_endpoints)).toEqual(Object.keys(api.named_endpoints));
  });

  it('agree on predict outputs', async () => {
    const { rx, official } = await both();
    const [mine, theirs] = await Promise.all([firstValueFrom(rx.predict('/echo', ['same input'])), official.predict('/echo', ['same input'])]);
    expect(mine).toEqual(theirs.data);
  });

  it('agree on every streamed value of a generator, diffs applied', async () => {
    const { rx, official } = await both();
    const mine = (await lastValueFrom(rx.submit('/chat', ['Hi', []]).pipe(toArray())))
      .filter((e): e is Extract<GradioEvent, { type: 'generating' | 'completed' }> => e.type === 'generating' || e.type === 'completed')
      .map((e) => e.data);
    const theirs: unknown[] = [];
    for await (const message of official.submit('/chat', ['Hi', []])) {
      if (message.type === 'data') theirs.push(structuredClone(message.data));
      if (message.type === 'status' && (message.stage === 'complete' || message.stage === 'error')) break;
    }
    expect(mine.length).toBeGreaterThan(3);
    expect(mine).toEqual(theirs);
  });

  it('agree on what an uploaded file looks like to the app', async () => {
    const { rx, official } = await both();
    const bytes = new Uint8Array([1, 2, 3, 4, 250]);
    const [mine] = await firstValueFrom(rx.predict('/describe', [new File([bytes], 'pic.png', { type: 'image/png' }), 'q']));
    const theirs = await official.predict('/describe', [handle_file(new File([bytes], 'pic.png', { type: 'image/png' })), 'q']);
    expect(String(mine)).toMatch(/^pic\.png image\/png 5 bytes sum=260; q$/);
    expect(mine).toEqual((theirs.data as unknown[])[0]);
  });
});
