import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { GradioError, isGradioError } from '../../src/errors.js';
import { applyDiffs, createDiffApplier } from '../../src/operators/applyDiffs.js';
import type { AppliedGeneratingMessage } from '../../src/operators/applyDiffs.js';
import type { DiffOp, QueueMessage, SuccessOutput } from '../../src/protocol.js';
import { readTranscriptMessages } from '../helpers/transcripts.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function generating(eventId: string, data: unknown[]): QueueMessage {
  return deepFreeze({
    msg: 'process_generating',
    event_id: eventId,
    output: { data, is_generating: true },
    success: true,
  });
}

function completed(eventId: string, data: unknown[]): QueueMessage {
  return deepFreeze({ msg: 'process_completed', event_id: eventId, output: { data, is_generating: false }, success: true });
}

/** The message applyDiffs should emit for a diff message: full data plus the original edits. */
function applied(message: QueueMessage, data: unknown[]): AppliedGeneratingMessage {
  const original = message as AppliedGeneratingMessage;
  return { ...original, output: { ...original.output, data }, edits: original.output.data as DiffOp[][] };
}

let scheduler: TestScheduler;
beforeEach(() => {
  scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('applyDiffs', () => {
  const first = generating('E', ['', [['Hi', 'Hel']]]);
  const second = generating('E', [[], [['append', [0, 1], 'lo']]]);
  const third = generating('E', [[['replace', [], 'x']], []]);
  const done = completed('E', ['x', [['Hi', 'Hello']]]);

  it('emits the first generating message as is and later ones with full values and their edits', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-d-|', { a: first, b: second, c: third, d: done });
      expectObservable(source.pipe(applyDiffs())).toBe('-a-b-c-d-|', {
        a: first,
        b: applied(second, ['', [['Hi', 'Hello']]]),
        c: applied(third, ['x', [['Hi', 'Hello']]]),
        d: done,
      });
      expectSubscriptions(source.subscriptions).toBe('^--------!');
    });
  });

  it('unsubscribes from the source when the subscriber leaves', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-|', { a: first, b: second, c: third });
      expectObservable(source.pipe(applyDiffs()), '^--!').toBe('-a-', { a: first });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('keeps the first message as the full value without copying or changing it', async () => {
    const out = await lastValueFrom(from([first, second]).pipe(applyDiffs(), toArray()));
    expect(out[0]).toBe(first);
    expect((out[1] as AppliedGeneratingMessage).output.data[0]).toBe((first as AppliedGeneratingMessage).output.data[0]);
    expect(first).toEqual(generating('E', ['', [['Hi', 'Hel']]]));
    expect(second).toEqual(generating('E', [[], [['append', [0, 1], 'lo']]]));
  });

  it('errors with a protocol GradioError naming the event when an edit cannot be applied, and unsubscribes', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const broken = generating('E', [[['append', [], 3]], []]);
      const source = cold('-a-b-c-|', { a: first, b: broken, c: third });
      const result = source.pipe(applyDiffs());
      expectObservable(result).toBe('-a-#', { a: first }, expect.objectContaining({ type: 'protocol', eventId: 'E' }));
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('errors with a protocol GradioError when output.data is not a list', async () => {
    const broken = deepFreeze({ msg: 'process_generating', event_id: 'E', output: {} }) as unknown as QueueMessage;
    const error = await lastValueFrom(from([broken]).pipe(applyDiffs())).catch((e: unknown) => e);
    expect(isGradioError(error) && error.type).toBe('protocol');
    expect((error as GradioError).message).toMatch(/output\.data is not a list/);
  });

  it('keeps separate state for interleaved events', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const a1 = generating('A', ['x']);
      const b1 = generating('B', ['1']);
      const a2 = generating('A', [[['append', [], 'y']]]);
      const b2 = generating('B', [[['append', [], '2']]]);
      const source = cold('abcd|', { a: a1, b: b1, c: a2, d: b2 });
      expectObservable(source.pipe(applyDiffs())).toBe('abcd|', {
        a: a1,
        b: b1,
        c: applied(a2, ['xy']),
        d: applied(b2, ['12']),
      });
    });
  });

  it('forgets an event on process_completed, so a later generating message of that id is full again', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const again = generating('E', ['fresh', []]);
      const source = cold('abc|', { a: first, b: done, c: again });
      expectObservable(source.pipe(applyDiffs())).toBe('abc|', { a: first, b: done, c: again });
    });
  });

  it('forgets every event on a stream-level unexpected_error', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const failure = deepFreeze({ msg: 'unexpected_error', event_id: null, message: 'Server stopped unexpectedly.' }) as QueueMessage;
      const again = generating('E', ['fresh', []]);
      const source = cold('abc|', { a: first, b: failure, c: again });
      expectObservable(source.pipe(applyDiffs())).toBe('abc|', { a: first, b: failure, c: again });
    });
  });

  it('starts an output that appears mid-stream from null', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const one = generating('E', ['a']);
      const grown = generating('E', [[], [['replace', [], 'new']]]);
      const source = cold('ab|', { a: one, b: grown });
      expectObservable(source.pipe(applyDiffs())).toBe('ab|', { a: one, b: applied(grown, ['a', 'new']) });
    });
  });

  it('passes process_streaming messages through untouched', async () => {
    const streaming = deepFreeze({
      msg: 'process_streaming',
      event_id: 'E',
      output: { data: [[['append', [], 'looks like a diff']]] },
      time_limit: 30,
    }) as QueueMessage;
    const out = await lastValueFrom(from([first, streaming, streaming]).pipe(applyDiffs(), toArray()));
    expect(out[1]).toBe(streaming);
    expect(out[2]).toBe(streaming);
  });

  it('passes every message through untouched with { diffs: false } (sse_v1 sends full values)', async () => {
    const full = generating('E', ['', [['Hi', 'Hello']]]);
    const out = await lastValueFrom(from([first, full, done]).pipe(applyDiffs({ diffs: false }), toArray()));
    expect(out).toHaveLength(3);
    out.forEach((message, i) => expect(message).toBe([first, full, done][i]));
  });

  it('keeps its state per subscription', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('ab|', { a: first, b: second });
      const result = source.pipe(applyDiffs());
      const values = { a: first, b: applied(second, ['', [['Hi', 'Hello']]]) };
      expectObservable(result).toBe('ab|', values);
      expectObservable(result).toBe('ab|', values);
    });
  });
});

describe('createDiffApplier', () => {
  it('applies a job\'s messages one by one exactly as applyDiffs does, with state per applier', async () => {
    const messages = readTranscriptMessages('real/a14_queue_generate_data.txt');
    const expected = await lastValueFrom(from(messages).pipe(applyDiffs(), toArray()));
    const apply = createDiffApplier();
    expect(messages.map(apply)).toEqual(expected);
    // A second applier starts without state: the first generating message comes back as is.
    const firstGenerating = messages.find((m) => m.msg === 'process_generating')!;
    expect(createDiffApplier()(firstGenerating)).toBe(firstGenerating);
  });

  it('keeps a "__proto__" key of a parsed message as plain data in the copy it emits', () => {
    const apply = createDiffApplier();
    apply(generating('P', ['a']));
    const odd = JSON.parse(
      '{"msg":"process_generating","event_id":"P","__proto__":{"polluted":1},"output":{"data":[[["append",[],"b"]]],"__proto__":{"polluted":2}}}',
    ) as QueueMessage;
    const out = apply(odd) as AppliedGeneratingMessage;
    expect(out.output.data).toEqual(['ab']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: 1 });
    expect(Object.getOwnPropertyDescriptor(out.output, '__proto__')?.value).toEqual({ polluted: 2 });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('completes a diff message in place with { inPlace: true }, leaving earlier values alone', () => {
    const apply = createDiffApplier({ inPlace: true });
    const firstMessage = JSON.parse(JSON.stringify(generating('E', ['Hel']))) as QueueMessage;
    const secondMessage = JSON.parse(JSON.stringify(generating('E', [[['append', [], 'lo']]]))) as QueueMessage;
    expect(apply(firstMessage)).toBe(firstMessage);
    const out = apply(secondMessage) as AppliedGeneratingMessage;
    expect(out).toBe(secondMessage);
    expect(out.output.data).toEqual(['Hello']);
    expect(out.edits).toEqual([[['append', [], 'lo']]]);
    expect((firstMessage as AppliedGeneratingMessage).output.data).toEqual(['Hel']);
  });

  it('passes every message through with { diffs: false }', () => {
    const second = generating('E', [[['append', [], 'x']]]);
    expect(createDiffApplier({ diffs: false })(second)).toBe(second);
  });
});

describe('applyDiffs on the transcripts', () => {
  async function applyAll(fileName: string): Promise<QueueMessage[]> {
    return lastValueFrom(from(readTranscriptMessages(fileName)).pipe(applyDiffs(), toArray()));
  }
  const outputsOf = (messages: QueueMessage[], kind: QueueMessage['msg'], eventId: string): unknown[][] =>
    messages.flatMap((m) => (m.msg === kind && m.event_id === eventId && 'output' in m ? [(m.output as SuccessOutput).data] : []));
  const assistantTexts = (messages: QueueMessage[], eventId: string) =>
    outputsOf(messages, 'process_generating', eventId).map((data) => (data[1] as { content: string }[])[1]?.content);
  const lastGeneratingData = (messages: QueueMessage[], eventId: string) =>
    outputsOf(messages, 'process_generating', eventId).at(-1);
  const completedData = (messages: QueueMessage[], eventId: string) => outputsOf(messages, 'process_completed', eventId)[0];

  it('gives the assistant texts listed for queue-v3-streaming-diffs.txt, ending on the completed value', async () => {
    const out = await applyAll('transcripts/queue-v3-streaming-diffs.txt');
    const id = 'a3f1c2d4e5b60718293a4b5c6d7e8f90';
    expect(assistantTexts(out, id)).toEqual(['', 'Hello', 'Hello! How', 'Hello! How can I help?']);
    expect(lastGeneratingData(out, id)).toEqual(completedData(out, id));
  });

  it('separates the two events of queue-multiplexed-two-events.txt', async () => {
    const out = await applyAll('transcripts/queue-multiplexed-two-events.txt');
    expect(completedData(out, 'a3f1c2d4e5b60718293a4b5c6d7e8f90')).toEqual(['Pong']);
    const e2 = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';
    expect(assistantTexts(out, e2)).toEqual(['', 'Hello', 'Hello!']);
    expect(lastGeneratingData(out, e2)).toEqual(completedData(out, e2));
  });

  it('ends the real captures a14 and b03 (Gradio 5.49.1) on the values of their process_completed', async () => {
    const a14 = await applyAll('real/a14_queue_generate_data.txt');
    expect(lastGeneratingData(a14, 'beff4532457a49b38cab00291b05c4c0')).toEqual(
      completedData(a14, 'beff4532457a49b38cab00291b05c4c0'),
    );
    const b03 = await applyAll('real/b03_queue_chat_data.txt');
    expect(lastGeneratingData(b03, '6ad3248d6a774cdeb6865f0c22d821bd')).toEqual(
      completedData(b03, '6ad3248d6a774cdeb6865f0c22d821bd'),
    );
  });

  it('records the server edits on every diff message of a14 and none on the first', async () => {
    const out = (await applyAll('real/a14_queue_generate_data.txt')).filter((m) => m.msg === 'process_generating');
    expect((out[0] as AppliedGeneratingMessage).edits).toBeUndefined();
    expect((out[1] as AppliedGeneratingMessage).edits).toEqual([[['append', [], 'step2 ']]]);
    expect(out.slice(1).every((m) => (m as AppliedGeneratingMessage).edits?.[0]?.[0]?.[0] === 'append')).toBe(true);
  });
});
