import fc from 'fast-check';
import { concat, from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { GradioError, isGradioError } from '../../src/errors.js';
import type { CompletedEvent, GeneratingEvent, GradioEvent } from '../../src/events.js';
import { applyDiffs } from '../../src/operators/applyDiffs.js';
import { textDeltas } from '../../src/operators/textDeltas.js';
import type { DiffOp } from '../../src/protocol.js';
import { readTranscriptMessages, toOutputEvents } from '../helpers/transcripts.js';

const generating = (data: unknown[], edits?: DiffOp[][]): GeneratingEvent =>
  edits === undefined ? { type: 'generating', eventId: 'E', data } : { type: 'generating', eventId: 'E', data, edits };
const completed = (data: unknown[]): CompletedEvent => ({ type: 'completed', eventId: 'E', data });
const user = (content: unknown) => ({ role: 'user', content });
const assistant = (content: unknown) => ({ role: 'assistant', content });

function deltasOf(events: GradioEvent[], select?: (data: unknown[]) => string | undefined): Promise<string[]> {
  return lastValueFrom(from(events).pipe(textDeltas(select), toArray()));
}

let scheduler: TestScheduler;
beforeEach(() => {
  scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
});

describe('textDeltas', () => {
  it('emits the new text of each generating and completed event of a string output', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-|', {
        a: generating(['He']),
        b: generating(['Hello']),
        c: completed(['Hello!']),
      });
      expectObservable(source.pipe(textDeltas())).toBe('-a-b-c-|', { a: 'He', b: 'llo', c: '!' });
      expectSubscriptions(source.subscriptions).toBe('^------!');
    });
  });

  it('unsubscribes from the source when the subscriber leaves', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-|', { a: generating(['He']), b: generating(['Hello']), c: completed(['Hello!']) });
      expectObservable(source.pipe(textDeltas()), '^--!').toBe('-a-', { a: 'He' });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('keeps repeated tokens: "ha" then "haha" gives "ha", "ha"', async () => {
    expect(await deltasOf([generating(['ha']), generating(['haha']), completed(['haha'])])).toEqual(['ha', 'ha']);
  });

  it('skips events whose text did not change', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('abc|', { a: generating(['x']), b: generating(['x'], [[]]), c: completed(['x']) });
      expectObservable(source.pipe(textDeltas())).toBe('a--|', { a: 'x' });
    });
  });

  it('ignores events without text, terminal errors included', () => {
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('abcde|', {
        a: { type: 'queued', eventId: 'E', position: 0 },
        b: { type: 'started', eventId: 'E' },
        c: { type: 'log', eventId: 'E', level: 'info', message: 'Waiting for a GPU' },
        d: generating([null, 3]),
        e: { type: 'error', eventId: 'E', error: new GradioError({ type: 'app', message: 'boom' }) },
      } satisfies Record<string, GradioEvent>);
      expectObservable(source.pipe(textDeltas())).toBe('-----|');
    });
  });

  it('errors with a protocol GradioError when the app rewrites streamed text, and unsubscribes', () => {
    scheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c-|', { a: generating(['Hello']), b: generating(['Help']), c: completed(['Help']) });
      expectObservable(source.pipe(textDeltas())).toBe(
        '-a-#',
        { a: 'Hello' },
        expect.objectContaining({
          type: 'protocol',
          eventId: 'E',
          message: expect.stringMatching(/rewrote text it had already streamed.*`generating` events/),
        }),
      );
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('follows the last output that is a non-empty string', async () => {
    expect(await deltasOf([generating(['first', '', null]), generating(['first!', '', null])])).toEqual(['first', '!']);
    expect(await deltasOf([generating(['a', 'b'])])).toEqual(['b']);
  });

  it('prefers a chat history that comes after a string output', async () => {
    const events = [generating(['draft', [['Hi', 'Hel']]]), completed(['', [['Hi', 'Hello']]])];
    expect(await deltasOf(events)).toEqual(['Hel', 'lo']);
  });

  it('lets select choose the text to follow', async () => {
    const events = [generating(['a', 'x']), generating(['ab', 'xy']), completed(['abc', 'xyz'])];
    expect(await deltasOf(events, (data) => data[0] as string)).toEqual(['a', 'b', 'c']);
  });

  it('skips the events where select returns undefined', async () => {
    const events = [generating(['a']), generating([null]), generating(['ab'])];
    expect(await deltasOf(events, (data) => (typeof data[0] === 'string' ? data[0] : undefined))).toEqual(['a', 'b']);
  });

  it('starts over after each terminal event, so consecutive jobs each stream their own text', async () => {
    const job = (text: string) => [generating([text.slice(0, 2)]), completed([text])];
    const deltas = await lastValueFrom(concat(from(job('Hello')), from(job('Help'))).pipe(textDeltas(), toArray()));
    expect(deltas).toEqual(['He', 'llo', 'He', 'lp']);
  });
});

describe('textDeltas on chat histories', () => {
  it('follows the last assistant message of a messages history', async () => {
    const events = [
      generating([[user('Hi'), assistant('Hel')]]),
      generating([[user('Hi'), assistant('Hello')]]),
      completed([[user('Hi'), assistant('Hello!')]]),
    ];
    expect(await deltasOf(events)).toEqual(['Hel', 'lo', '!']);
  });

  it('follows the bot item of the last pair of a tuples history', async () => {
    const events = [generating([[['Q1', 'A1'], ['Q2', null]]]), generating([[['Q1', 'A1'], ['Q2', 'A']]]), completed([[['Q1', 'A1'], ['Q2', 'A2']]])];
    expect(await deltasOf(events)).toEqual(['A', '2']);
  });

  it('reads bot items of the form { text }', async () => {
    const events = [
      generating([[['Hi', { text: 'He' }]]]),
      generating([[['Hi', { text: 'Hey' }]]], [[['append', [0, 1, 'text'], 'y']]]),
      completed([[['Hi', { text: 'Hey!' }]]]),
    ];
    expect(await deltasOf(events)).toEqual(['He', 'y', '!']);
  });

  it('joins the text parts of a message whose content is a list of parts', async () => {
    const parts = (text: string) => [{ type: 'text', text: 'See: ' }, { type: 'file', file: { path: 'a.png' } }, { type: 'text', text }];
    const events = [generating([[user('Hi'), assistant(parts('Hel'))]]), completed([[user('Hi'), assistant(parts('Hello'))]])];
    expect(await deltasOf(events)).toEqual(['See: Hel', 'lo']);
  });

  it('follows a new assistant message from its start', async () => {
    const events = [
      generating([[user('Hi'), assistant('Thinking')]]),
      generating([[user('Hi'), assistant('Thinking'), assistant('An')]], [[['add', [2], assistant('An')]]]),
      completed([[user('Hi'), assistant('Thinking'), assistant('Answer')]]),
    ];
    expect(await deltasOf(events)).toEqual(['Thinking', 'An', 'swer']);
  });

  it('does not repeat the previous turn when the history ends with the new user message', async () => {
    const earlier = [user('Q1'), assistant('A1'), user('Q2')];
    const events = [generating([earlier]), generating([[...earlier, assistant('A')]]), completed([[...earlier, assistant('A2')]])];
    expect(await deltasOf(events)).toEqual(['A', '2']);
  });

  it('reads appended text from the edits instead of comparing the whole text', async () => {
    // The data here contradicts the emitted text on purpose: only the edits are read, so no
    // rewrite is seen. Comparing texts would have raised one.
    const events = [
      generating([[user('Hi'), assistant('abc')]]),
      generating([[user('Hi'), assistant('xyzD')]], [[['append', [1, 'content'], 'D']]]),
    ];
    expect(await deltasOf(events)).toEqual(['abc', 'D']);
  });

  it('compares the texts when the edits of the followed output are not only appends at its path', async () => {
    const events = [
      generating([[user('Hi'), assistant('abc')]]),
      generating([[user('Hi'), assistant('xyzD')]], [[['append', [1, 'content'], 'D'], ['replace', [0, 'content'], 'Hi']]]),
    ];
    await expect(deltasOf(events)).rejects.toSatisfy((e: unknown) => isGradioError(e) && e.type === 'protocol');
  });
});

describe('textDeltas on the transcripts', () => {
  async function deltasOfTranscript(fileName: string): Promise<{ deltas: string[]; events: GradioEvent[] }> {
    const messages = await lastValueFrom(from(readTranscriptMessages(fileName)).pipe(applyDiffs(), toArray()));
    const events = toOutputEvents(messages);
    return { deltas: await deltasOf(events), events };
  }

  it('streams "Hello", "! How", " can I help?" from queue-v3-streaming-diffs.txt (messages chatbot)', async () => {
    const { deltas, events } = await deltasOfTranscript('transcripts/queue-v3-streaming-diffs.txt');
    const final = ((events.at(-1) as CompletedEvent).data[1] as { content: string }[])[1]?.content;
    expect(deltas).toEqual(['Hello', '! How', ' can I help?']);
    expect(deltas.join('')).toBe(final);
  });

  it('streams every appended token of the real tuples chat b03_queue_chat_data.txt, repeats included', async () => {
    // Every diff message of this capture appends one token to the bot item at [0, 1].
    const appended = readTranscriptMessages('real/b03_queue_chat_data.txt')
      .flatMap((m) => (m.msg === 'process_generating' ? (m.output.data[1] as DiffOp[]) : []))
      .filter((op) => Array.isArray(op) && op[0] === 'append')
      .map((op) => op[2]);
    const { deltas, events } = await deltasOfTranscript('real/b03_queue_chat_data.txt');
    const final = ((events.at(-1) as CompletedEvent).data[1] as [string, string][])[0]?.[1];

    expect(deltas).toEqual(['[Qwen2.5-72B-Instruct]', ...appended]);
    expect(deltas.join('')).toBe(final);
  });

  it('streams the 20 steps of the real text output a14_queue_generate_data.txt', async () => {
    const { deltas, events } = await deltasOfTranscript('real/a14_queue_generate_data.txt');
    expect(deltas).toHaveLength(20);
    expect(deltas[1]).toBe('step2 ');
    expect(deltas.join('')).toBe((events.at(-1) as CompletedEvent).data[0]);
  });
});

describe('textDeltas properties', () => {
  const tokens = fc.array(fc.oneof(fc.constantFrom('ha', ' ', 'a', ''), fc.string({ maxLength: 4 })), { maxLength: 30 });

  it('concatenates to the final text for random token lists of a plain text output', async () => {
    await fc.assert(
      fc.asyncProperty(tokens, async (parts) => {
        const texts = parts.map((_, i) => parts.slice(0, i + 1).join(''));
        const final = parts.join('');
        const deltas = await deltasOf([...texts.map((text) => generating([text])), completed([final])]);
        expect(deltas.join('')).toBe(final);
        expect(deltas.every((delta) => delta !== '')).toBe(true);
      }),
    );
  });

  it('gives the same deltas from the edits of the last output as from its texts alone, whatever the edits say', async () => {
    // How a step's edit list describes its token: as one append at the root (what Gradio
    // sends), split in two appends, as a replace of the whole text, or wrongly: one character
    // short, or as other text of the same length at a path inside the string. (The text itself
    // is the edits applied, in a job; the content of an append at the root is taken as it is.)
    const shape = fc.constantFrom('append', 'split', 'replace', 'short', 'misplaced');
    await fc.assert(
      fc.asyncProperty(tokens, fc.array(fc.string({ maxLength: 3 }), { maxLength: 2 }), fc.array(shape, { minLength: 30, maxLength: 30 }), async (parts, before, shapes) => {
        // `before`: outputs ahead of the streamed one, which stay as they are (an empty
        // streamed text is skipped for them).
        const texts = parts.map((_, i) => parts.slice(0, i + 1).join(''));
        const edit = (i: number): DiffOp[][] => {
          const part = parts[i]!;
          const ops: Record<string, DiffOp[]> = {
            append: [['append', [], part]],
            split: [['append', [], part.slice(0, 1)], ['append', [], part.slice(1)]],
            replace: [['replace', [], texts[i]]],
            short: [['append', [], part.slice(1)]],
            misplaced: [['append', [0], part.replace(/./g, (c) => (c === 'x' ? 'y' : 'x'))]],
          };
          return [...before.map((): DiffOp[] => []), ops[shapes[i]!]!];
        };
        const withEdits = texts.map((text, i) => generating([...before, text], i === 0 ? undefined : edit(i)));
        const withoutEdits = texts.map((text) => generating([...before, text]));
        // The same deltas, or the same error (a text that moves to another output may read as a rewrite).
        const outcome = (events: GradioEvent[]) => deltasOf(events).then(
          (deltas) => ({ deltas }),
          (error: unknown) => ({ error: error instanceof Error ? error.message : error }),
        );
        expect(await outcome(withEdits)).toEqual(await outcome(withoutEdits));
      }),
    );
  });

  it('concatenates to the final text for random token lists streamed as append edits of a chat', async () => {
    await fc.assert(
      fc.asyncProperty(tokens, fc.boolean(), async (parts, withCompleted) => {
        const history = (text: string) => [user('Hi'), assistant(text)];
        const events: GradioEvent[] = [generating([history('')])];
        let text = '';
        for (const part of parts) {
          text += part;
          events.push(generating([history(text)], [[['append', [1, 'content'], part]]]));
        }
        if (withCompleted) events.push(completed([history(text)]));
        const deltas = await deltasOf(events);
        expect(deltas.join('')).toBe(text);
        expect(deltas).toEqual(parts.filter((part) => part !== ''));
      }),
    );
  });

  it('emits only non-empty strings, or fails with a protocol GradioError, whatever the outputs and edits hold', async () => {
    const json = fc.jsonValue({ maxDepth: 4 });
    const chat = fc.array(fc.oneof(fc.record({ role: fc.constantFrom('user', 'assistant', json), content: json }), fc.tuple(json, json), json), { maxLength: 3 });
    const outputs = fc.array(fc.oneof(fc.string(), chat, json), { maxLength: 3 });
    const edits = fc.option(fc.array(fc.array(fc.tuple(fc.constantFrom('append', 'replace', 'add', 'delete'), fc.array(fc.oneof(fc.nat(3), fc.string())), json))), { nil: undefined });
    const event = fc.oneof(
      fc.tuple(outputs, edits).map(([data, withEdits]) => generating(data, withEdits as DiffOp[][] | undefined)),
      outputs.map(completed),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(event, { maxLength: 8 }), async (events) => {
        let failure: unknown;
        const deltas = await deltasOf(events).catch((error: unknown) => {
          failure = error;
          return [];
        });
        expect(deltas.every((delta) => typeof delta === 'string' && delta !== '')).toBe(true);
        if (failure !== undefined) expect(isGradioError(failure) && failure.type).toBe('protocol');
      }),
      { numRuns: 500 },
    );
  });
});
