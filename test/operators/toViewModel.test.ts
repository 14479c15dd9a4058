import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { GpuQuotaError, GradioError } from '../../src/errors.js';
import { failureEvent } from '../../src/events.js';
import type { GradioEvent } from '../../src/events.js';
import { applyDiffs } from '../../src/operators/applyDiffs.js';
import { textDeltas } from '../../src/operators/textDeltas.js';
import { idleViewModel, type JobViewModel, toViewModel } from '../../src/operators/toViewModel.js';
import type { ProgressUnit } from '../../src/protocol.js';
import { readTranscriptMessages, toOutputEvents } from '../helpers/transcripts.js';

let scheduler: TestScheduler;
beforeEach(() => {
  scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

const unit = (fields: Partial<ProgressUnit>): ProgressUnit => ({ index: null, length: null, unit: null, progress: null, desc: null, ...fields });
const queued = (position: number, queueSize: number, etaSeconds?: number): GradioEvent =>
  etaSeconds === undefined ? { type: 'queued', eventId: 'E', position, queueSize } : { type: 'queued', eventId: 'E', position, queueSize, etaSeconds };
const started: GradioEvent = { type: 'started', eventId: 'E', etaSeconds: 4 };
const generating = (data: unknown[]): GradioEvent => ({ type: 'generating', eventId: 'E', data });
const completed = (data: unknown[]): GradioEvent => ({ type: 'completed', eventId: 'E', data, durationSeconds: 1.5 });
const chat = (reply: string): unknown[] => ['', [['Hi', reply]]];

function viewModelsOf(events: GradioEvent[]): Promise<JobViewModel[]> {
  return lastValueFrom(from(events).pipe(toViewModel(), toArray()));
}

describe('toViewModel', () => {
  it('emits starting at once, then one view model per event through queued, running, streaming and completed', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-q-s-a-b-c|', { q: queued(1, 2, 8), s: started, a: generating(chat('He')), b: generating(chat('Hello')), c: completed(chat('Hello!')) });
      expectObservable(source.pipe(toViewModel())).toBe('0q-s-a-b-c|', {
        0: { status: 'starting', text: '' },
        q: { status: 'queued', text: '', eventId: 'E', position: 1, queueSize: 2, etaSeconds: 8 },
        s: { status: 'running', text: '', eventId: 'E', etaSeconds: 4 },
        a: { status: 'streaming', text: 'He', eventId: 'E', etaSeconds: 4, data: chat('He') },
        b: { status: 'streaming', text: 'Hello', eventId: 'E', etaSeconds: 4, data: chat('Hello') },
        c: { status: 'completed', text: 'Hello!', eventId: 'E', etaSeconds: 4, data: chat('Hello!'), durationSeconds: 1.5 },
      });
      expectSubscriptions(source.subscriptions).toBe('^---------!');
    });
  });

  it('unsubscribes from the job when the subscriber leaves, which is what cancels it', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-q-s-a-|', { q: queued(0, 1), s: started, a: generating(chat('He')) });
      expectObservable(source.pipe(toViewModel()), '^--!').toBe('0q-', {
        0: { status: 'starting', text: '' },
        q: { status: 'queued', text: '', eventId: 'E', position: 0, queueSize: 1 },
      });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('updates the queue position with each estimation and forgets it once the job runs', async () => {
    const views = await viewModelsOf([queued(3, 4, 20), queued(1, 4, 9), started]);
    expect(views.map((view) => [view.status, view.position, view.queueSize])).toEqual([
      ['starting', undefined, undefined],
      ['queued', 3, 4],
      ['queued', 1, 4],
      ['running', undefined, undefined],
    ]);
    expect(views[3]).not.toHaveProperty('position');
  });

  it('has the same text as the textDeltas of a real chat stream added up (real/b03_queue_chat_data.txt)', async () => {
    const messages = await lastValueFrom(from(readTranscriptMessages('real/b03_queue_chat_data.txt')).pipe(applyDiffs(), toArray()));
    const events = toOutputEvents(messages);
    const deltas = await lastValueFrom(from(events).pipe(textDeltas(), toArray()));
    const views = await viewModelsOf(events);
    expect(deltas.join('')).not.toBe('');
    expect(views.at(-1)?.text).toBe(deltas.join(''));
    expect(views.at(-1)?.status).toBe('completed');
  });

  it('reads progress as a fraction of the outermost unit, from progress or from index / length', async () => {
    const views = await viewModelsOf([
      started,
      { type: 'progress', eventId: 'E', progress: [unit({ index: 1, length: 4, desc: 'Loading model' }), unit({ progress: 0.9 })] },
      { type: 'progress', eventId: 'E', progress: [unit({ progress: 0.75 })] },
      { type: 'progress', eventId: 'E', progress: [unit({ index: 7, unit: 'steps' })] },
    ]);
    expect(views[2]?.status).toBe('running');
    expect(views[2]?.progress).toMatchObject({ fraction: 0.25, description: 'Loading model' });
    expect(views[2]?.progress?.units).toHaveLength(2);
    expect(views[3]?.progress?.fraction).toBe(0.75);
    expect(views[4]?.progress).not.toHaveProperty('fraction');
  });

  it('stays streaming when progress arrives between outputs', async () => {
    const views = await viewModelsOf([started, generating(['a']), { type: 'progress', eventId: 'E', progress: [unit({ progress: 0.5 })] }]);
    expect(views.at(-1)).toMatchObject({ status: 'streaming', text: 'a', progress: { fraction: 0.5 } });
  });

  it('shows uploading while the inputs’ files go up', async () => {
    const views = await viewModelsOf([
      { type: 'uploading', files: [{ name: 'cat.png', size: 42 }] },
      { type: 'uploaded', files: [{ path: '/tmp/gradio/x/cat.png', meta: { _type: 'gradio.FileData' } }] },
      queued(0, 1),
    ]);
    expect(views.map((view) => view.status)).toEqual(['starting', 'uploading', 'uploading', 'queued']);
  });

  it('stays starting while a Space wakes up, showing the stage it reported last', async () => {
    const views = await viewModelsOf([
      { type: 'space-status', stage: 'sleeping', message: 'o/n is asleep: waking it up' },
      { type: 'space-status', stage: 'building' },
      queued(0, 1),
    ]);
    expect(views.map((view) => view.status)).toEqual(['starting', 'starting', 'starting', 'queued']);
    expect(views.map((view) => view.space)).toEqual([undefined, { stage: 'sleeping', message: 'o/n is asleep: waking it up' }, { stage: 'building' }, { stage: 'building' }]);
  });

  it('keeps the last log message of the app', async () => {
    const views = await viewModelsOf([started, { type: 'log', eventId: 'E', level: 'warning', message: 'Slow GPU', title: 'Note' }]);
    expect(views.at(-1)).toMatchObject({ status: 'running', log: { level: 'warning', message: 'Slow GPU', title: 'Note' } });
  });

  it('ends in quota with the GpuQuotaError and its retry time (real/a15_queue_quota_data.txt wording)', async () => {
    const error = new GpuQuotaError({
      message: 'You have exceeded your GPU quota (60s requested vs. 12s left). Try again in 0:01:23.',
      requestedSeconds: 60,
      leftSeconds: 12,
      retryAfterMs: 83_000,
    });
    const views = await viewModelsOf([queued(0, 1), failureEvent(error, 'E')]);
    const last = views.at(-1);
    expect(last).toMatchObject({ status: 'quota', retryAfterMs: 83_000, eventId: 'E' });
    expect(last?.error).toBe(error);
    expect(last).not.toHaveProperty('position');
  });

  it('ends in error with the job’s GradioError and keeps the text streamed before it', async () => {
    const error = new GradioError({ type: 'app', message: 'CUDA out of memory', eventId: 'E' });
    const views = await viewModelsOf([generating(['partial']), failureEvent(error)]);
    expect(views.at(-1)).toMatchObject({ status: 'error', text: 'partial' });
    expect(views.at(-1)?.error).toBe(error);
  });

  it('ends with a protocol error and unsubscribes when the app rewrites streamed text', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c|', { a: generating(['Hello']), b: generating(['Bye']), c: completed(['Bye']) });
      expectObservable(source.pipe(toViewModel())).toBe('0a-(b|)', {
        0: { status: 'starting', text: '' },
        a: { status: 'streaming', text: 'Hello', eventId: 'E', data: ['Hello'] },
        b: expect.objectContaining({ status: 'error', text: 'Hello', error: expect.objectContaining({ type: 'protocol' }) }),
      });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('follows the output that the text option selects', async () => {
    const views = await lastValueFrom(
      from([generating(['ignored', 'A']), completed(['ignored too', 'AB'])]).pipe(toViewModel({ text: (data) => data[1] as string }), toArray()),
    );
    expect(views.map((view) => view.text)).toEqual(['', 'A', 'AB']);
  });

  it('lets an exception of the text option through as an RxJS error', async () => {
    const bug = new TypeError('select failed');
    const result = lastValueFrom(
      from([generating(['x'])]).pipe(
        toViewModel({
          text: () => {
            throw bug;
          },
        }),
      ),
    );
    await expect(result).rejects.toBe(bug);
  });

  it('starts a next job in the same stream from empty text and a fresh status', async () => {
    const views = await viewModelsOf([generating(['one']), completed(['one']), queued(0, 1), generating(['two'])]);
    expect(views.slice(3).map((view) => [view.status, view.text])).toEqual([
      ['queued', ''],
      ['streaming', 'two'],
    ]);
    expect(views[3]).not.toHaveProperty('durationSeconds');
  });

  it('gives a new object for every event and never changes one it emitted', async () => {
    const views = await viewModelsOf([queued(0, 1), started, generating(['a']), completed(['ab'])]);
    expect(new Set(views).size).toBe(views.length);
    expect(views[1]).toEqual({ status: 'queued', text: '', eventId: 'E', position: 0, queueSize: 1 });
    expect(views[3]).toMatchObject({ status: 'streaming', text: 'a' });
  });

  it('offers an idle view model for initial values, which the operator itself never emits', async () => {
    expect(idleViewModel).toEqual({ status: 'idle', text: '' });
    expect(Object.isFrozen(idleViewModel)).toBe(true);
    const views = await viewModelsOf([queued(0, 1), completed(['x'])]);
    expect(views.some((view) => view.status === 'idle')).toBe(false);
  });
});
