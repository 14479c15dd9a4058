/**
 * The Gradio steps as public operators (API.md: `uploadFiles`, `joinQueue`, `readQueue`,
 * `callEndpoint`, `readCall`, `cancelJob`), composed by hand into pipelines against the fake
 * server over real sockets. `app.submit()` and `app.call()` run the same steps fused; these
 * tests hold the composable forms to the same behaviour.
 */
import { firstValueFrom, lastValueFrom, type Observable, of, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import {
  callEndpoint,
  cancelJob,
  type GradioEvent,
  gradio,
  isGradioError,
  joinQueue,
  readCall,
  readQueue,
  textDeltas,
  uploadFiles,
} from '../../src/index.js';
import { byteSum, echo, imageReader, slow, textStreamer, until } from '../helpers/apps.js';
import { useFakeServer } from '../helpers/fakeServer.js';

const start = useFakeServer();

const all = <T>(observable: Observable<T>): Promise<T[]> => lastValueFrom(observable.pipe(toArray()));

describe.each([4, 5, 6] as const)('the Gradio steps on the Gradio %i layout', (gradioVersion) => {
  const prefix = gradioVersion >= 5 ? '/gradio_api' : '';

  it('joinQueue then readQueue give the same events as app.submit()', async () => {
    const { url } = await start({ gradioVersion, endpoints: [textStreamer({ tokens: ['a', 'b', 'c'] })] });
    const app = gradio(url);
    const composed = await all(of(['go']).pipe(joinQueue(app, '/generate'), readQueue(app)));
    const fused = await all(app.submit('/generate', ['go']));
    const shape = (events: GradioEvent[]) => events.map((event) => [event.type, 'data' in event ? event.data : undefined]);
    expect(shape(composed)).toEqual(shape(fused));
    expect(composed.at(-1)).toMatchObject({ type: 'completed', data: ['abc'] });
    expect(await all(of(['go']).pipe(joinQueue(app, '/generate'), readQueue(app), textDeltas()))).toEqual(['a', 'b', 'c']);
  });

  it('joinQueue emits one job per inputs array, each followed to its own completion by readQueue', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [echo()] });
    const app = gradio(url);
    const jobs = await all(of(['one'], ['two']).pipe(joinQueue(app, 'echo')));
    expect(jobs.map((job) => job.kind)).toEqual(['queue', 'queue']);
    expect(new Set(jobs.map((job) => job.eventId)).size).toBe(2);
    const events = await all(of(...jobs).pipe(readQueue(app)));
    const completed = events.filter((event) => event.type === 'completed').map((event) => (event as { data: unknown[] }).data);
    expect(completed).toEqual(expect.arrayContaining([['echo: one'], ['echo: two']]));
    expect(requests.filter((request) => request.path === `${prefix}/queue/join`)).toHaveLength(2);
  });

  it('callEndpoint then readCall give the same events as app.call()', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [textStreamer({ tokens: ['x', 'y'] })] });
    const app = gradio(url);
    const composed = await all(of(['go']).pipe(callEndpoint(app, 'generate'), readCall(app, 'generate')));
    expect(composed.map((event) => event.type)).toEqual(['generating', 'generating', 'completed']);
    expect(composed.at(-1)).toMatchObject({ data: ['xy'] });
    expect(requests.some((request) => request.method === 'POST' && request.path === `${prefix}/call/generate`)).toBe(true);
  });

  it('uploadFiles puts the uploaded FileData in place of each File, and the job reads the file', async () => {
    const { url, requests } = await start({ gradioVersion, endpoints: [imageReader()] });
    const app = gradio(url);
    const bytes = new Uint8Array([137, 80, 78, 71, 1, 2, 3]);
    const [inputs] = await all(of<unknown[]>([new File([bytes], 'cat.png', { type: 'image/png' }), 'What is it?']).pipe(uploadFiles(app)));
    expect(inputs![0]).toMatchObject({ orig_name: 'cat.png', meta: { _type: 'gradio.FileData' } });
    expect(inputs![1]).toBe('What is it?');
    const events = await all(of(inputs!).pipe(joinQueue(app, '/describe'), readQueue(app)));
    expect(events.at(-1)).toMatchObject({ type: 'completed', data: [`cat.png image/png ${bytes.length} bytes sum=${byteSum(bytes)}; What is it?`] });
    expect(requests.filter((request) => request.path.startsWith(`${prefix}/upload`))).toHaveLength(1);
  });
});

describe('uploadFiles', () => {
  it('passes inputs without files through unchanged, without a request', async () => {
    const { url, requests } = await start({ endpoints: [echo()] });
    const inputs = ['text', 3, { nested: ['a'] }];
    const [passed] = await all(of(inputs).pipe(uploadFiles(gradio(url))));
    expect(passed).toBe(inputs);
    expect(requests).toEqual([]);
  });

  it('fails with invalid-input, before any request, when the inputs hold a cycle', async () => {
    const { url, requests } = await start({ endpoints: [echo()] });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic['self'] = cyclic;
    const error = await firstValueFrom(of<unknown[]>([cyclic]).pipe(uploadFiles(gradio(url)))).catch((caught: unknown) => caught);
    expect(isGradioError(error) && error.type).toBe('invalid-input');
    expect(requests).toEqual([]);
  });
});

describe('readQueue and cancelJob', () => {
  it('readQueue cancels the job on the server when unsubscribed before the end', async () => {
    const { url, requests } = await start({ endpoints: [slow({ ms: 5_000, tickMs: 20 })] });
    const app = gradio(url);
    const seen: string[] = [];
    const subscription = of(['wait']).pipe(joinQueue(app, '/slow'), readQueue(app)).subscribe((event) => seen.push(event.type));
    await until(() => seen.includes('generating'));
    subscription.unsubscribe();
    await until(() => requests.some((request) => request.path.endsWith('/cancel')));
    const cancel = requests.find((request) => request.path.endsWith('/cancel'));
    expect(cancel?.body).toMatchObject({ session_hash: expect.any(String), fn_index: 0, event_id: expect.any(String) });
  });

  it('cancelJob asks the server to stop each job that passes, and passes it on', async () => {
    const { url, requests } = await start({ endpoints: [slow({ ms: 5_000, tickMs: 20 })] });
    const app = gradio(url);
    const [job] = await all(of(['wait']).pipe(joinQueue(app, '/slow'), cancelJob(app)));
    expect(job?.kind).toBe('queue');
    await until(() => requests.some((request) => request.path.endsWith('/cancel')));
    expect(requests.find((request) => request.path.endsWith('/cancel'))?.body).toEqual({ event_id: job!.eventId, session_hash: job!.sessionHash, fn_index: 0 });
  });
});
