/**
 * The /call REST API over real sockets against the fake server (spec §5; transcripts
 * call-generating-complete.txt, call-error-quota*.txt, seed-qvq-call-with-upload.txt).
 */
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { gradio, type GradioEvent } from '../../src/index.js';
import { byteSum, crash, imageReader, quota, slow, textStreamer, until } from '../helpers/apps.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const start = useFakeServer();

const events = (observable: import('rxjs').Observable<GradioEvent>) => lastValueFrom(observable.pipe(toArray()));

describe.each([4, 5, 6] as const)('app.call on the Gradio %i layout', (gradioVersion) => {
  const prefix = gradioVersion >= 5 ? '/gradio_api' : '';

  it('streams generating events with full values, then one completed event', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [textStreamer({ tokens: ['a', 'b', 'c'] })] });
    const result = await events(gradio(url).call('generate', ['go']));
    expect(result.map((e) => e.type)).toEqual(['generating', 'generating', 'generating', 'completed']);
    expect(result.map((e) => ('data' in e ? e.data : undefined))).toEqual([['a'], ['ab'], ['abc'], ['abc']]);
    const paths = requests.map((r) => `${r.method} ${r.path}`);
    expect(paths).toContain(`POST ${prefix}/call/generate`);
    expect(paths.some((p) => p.startsWith(`GET ${prefix}/call/generate/`))).toBe(true);
  });

  it('uploads a File in the inputs first and sends its FileData, keeping the file name', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [imageReader()] });
    const bytes = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3, 250]);
    const result = await events(gradio(url).call('describe', [new File([bytes], 'cat.png', { type: 'image/png' }), 'What is it?']));
    expect(result.map((e) => e.type)).toEqual(['uploading', 'uploaded', 'completed']);
    expect(result.at(-1)).toMatchObject({ data: [`cat.png image/png ${bytes.length} bytes sum=${byteSum(bytes)}; What is it?`] });
    const uploaded = result[1] as Extract<GradioEvent, { type: 'uploaded' }>;
    expect(uploaded.files[0]).toMatchObject({ orig_name: 'cat.png', meta: { _type: 'gradio.FileData' } });
    const post = requests.find((r) => r.path === `${prefix}/call/describe`);
    expect((post?.body as { data: unknown[] }).data[0]).toMatchObject({ path: uploaded.files[0]!.path, meta: { _type: 'gradio.FileData' } });
  });

  it.skipIf(gradioVersion === 6)('reports a failure without details as an app error that says the /call API hid them (Gradio 5 sends data: null)', async () => {
    const { url } = await start({ gradioVersion, endpoints: [quota()] });
    const result = await events(gradio(url).call('infer', ['x']));
    expect(result).toHaveLength(1);
    const [last] = result;
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') throw new Error('unreachable');
    expect(last.error.type).toBe('app');
    expect(last.error.message).toMatch(/no error details/);
    expect(last.error.endpoint).toBe('/infer');
  });

  it.runIf(gradioVersion === 6)('reads the quota error from the error object of Gradio 6 (real6/a09) as a gpu-quota-error', async () => {
    const { url } = await start({ gradioVersion, endpoints: [quota()] });
    const result = await events(gradio(url).call('infer', ['x']));
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 20, error: { type: 'gpu-quota', endpoint: '/infer' } });
  });

  it('turns a crash with show_error off into an app error event', async () => {
    const { url } = await start({ gradioVersion, showError: false, endpoints: [crash()] });
    const [last] = await events(gradio(url).call('crash', ['x']));
    expect(last).toMatchObject({ type: 'error', error: { type: 'app' } });
  });

  it('cancels the job on the server when unsubscribed mid-stream, and its generator stops', async () => {
    const { url, fake } = await start({ gradioVersion, endpoints: [slow()] });
    const seen: GradioEvent[] = [];
    const subscription = gradio(url)
      .call('slow', ['x'])
      .subscribe((event) => seen.push(event));
    await until(() => seen.filter((e) => e.type === 'generating').length >= 2);
    subscription.unsubscribe();
    const count = seen.length;
    // The stream's disconnect may stop the job before the /cancel POST lands: wait for both.
    await until(() => fake.stopped.length > 0 && fake.requests.some((r) => r.path === `${prefix}/cancel`));
    const eventId = (seen[0] as { eventId: string }).eventId;
    expect(fake.cancelled.map((c) => c.eventId)).toContain(eventId);
    expect(fake.stopped).toContain(eventId);
    const cancel = fake.requests.find((r) => r.path === `${prefix}/cancel`);
    expect(cancel?.body).toEqual({ event_id: eventId, session_hash: eventId, fn_index: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen).toHaveLength(count);
  });
});

describe('app.call', () => {
  it('stops an unsubscribed job through /reset before Gradio 4.31, which has no /cancel', async () => {
    const { url, fake } = await start({ gradioVersion: 4.26, endpoints: [slow()] });
    const seen: GradioEvent[] = [];
    const subscription = gradio(url)
      .call('slow', ['x'])
      .subscribe((event) => seen.push(event));
    await until(() => seen.some((e) => e.type === 'generating'));
    subscription.unsubscribe();
    await until(() => fake.requests.some((r) => r.path === '/reset'));
    const eventId = (seen[0] as { eventId: string }).eventId;
    expect(fake.requests.filter((r) => r.path === '/reset').map((r) => r.body)).toEqual([{ event_id: eventId }]);
    expect(fake.requests.some((r) => r.path === '/cancel')).toBe(false);
    await until(() => fake.stopped.includes(eventId));
  });

  it('ends with an endpoint-not-found error saying a private Gradio 6 endpoint is not public, and sends no call', async () => {
    const { url, requests } = await start({ gradioVersion: 6, endpoints: [{ ...textStreamer({ apiName: 'secret' }), apiVisibility: 'private' }, textStreamer()] });
    const result = await events(gradio(url).call('secret', ['x']));
    expect(result).toHaveLength(1);
    expect(result[0]).toMatchObject({ type: 'error', error: { type: 'endpoint-not-found' } });
    expect(result[0]?.type === 'error' && result[0].error.message).toMatch(/"\/secret" is not public .* Valid named endpoints are: "\/generate"\./);
    expect(requests.some((request) => request.path.includes('/call/'))).toBe(false);
  });

  it('reads the quota text from a Gradio 6 error object as a gpu-quota-error with the retry time', async () => {
    const { url } = await start({ callErrorFormat: 'gradio6', endpoints: [quota()] });
    const [last] = await events(gradio(url).call('infer', ['x']));
    expect(last).toMatchObject({ type: 'gpu-quota-error', requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000 });
  });

  it('aborts an upload in flight when unsubscribed, and never posts the job', async () => {
    const { url, requests } = await start({ delays: { uploadMs: 5_000 }, endpoints: [imageReader()] });
    const signals: AbortSignal[] = [];
    const app = gradio(url, {
      fetch: (input, init) => {
        if (init?.signal) signals.push(init.signal);
        return fetch(input, init);
      },
    });
    const subscription = app.call('describe', [new Blob([new Uint8Array(1000)]), 'q']).subscribe();
    await until(() => requests.some((r) => r.path.endsWith('/upload')));
    subscription.unsubscribe();
    expect(signals.at(-1)?.aborted).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(requests.some((r) => r.path.includes('/call/'))).toBe(false);
  });

  it('fails with endpoint-not-found, naming the valid endpoints, for an unknown api name', async () => {
    const { url } = await start({ endpoints: [textStreamer()] });
    const [last] = await events(gradio(url).call('nope', []));
    expect(last).toMatchObject({ type: 'error', error: { type: 'endpoint-not-found' } });
    expect(last?.type === 'error' && last.error.message).toContain('"/generate"');
  });

  it('fetches the config once for many jobs', async () => {
    const { url, requests } = await start({ endpoints: [textStreamer({ tokens: ['x'], concurrencyLimit: null })] });
    const app = gradio(url);
    await Promise.all([1, 2, 3].map(() => events(app.call('generate', ['go']))));
    await firstValueFrom(app.config());
    expect(requests.filter((r) => r.path === '/config')).toHaveLength(1);
  });

  it('leaves no socket or timer behind after 1,000 subscribe/unsubscribe cycles', async () => {
    const { url } = await start({ endpoints: [slow({ tickMs: 5 })] });
    const app = gradio(url);
    await firstValueFrom(app.config());
    const count = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const before = count();
    for (let i = 0; i < 1_000; i++) {
      const subscription = app.call('slow', [String(i)]).subscribe();
      if (i % 10 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
      subscription.unsubscribe();
    }
    await until(() => count() <= before, 15_000);
    expect(count()).toBeLessThanOrEqual(before);
  }, 30_000);
});
