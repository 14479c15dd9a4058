import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyDiff } from '../src/diff.js';
import { isGradioError } from '../src/errors.js';
import type { DiffOp, ProcessGeneratingMessage, QueueMessage, SuccessOutput } from '../src/protocol.js';
import { readTranscriptMessages } from './helpers/transcripts.js';

/** Freezes a value and everything inside it, so any in-place edit throws (ESM is strict). */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function expectProtocolError(run: () => unknown, pattern: RegExp): void {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(isGradioError(thrown) && thrown.type).toBe('protocol');
  expect((thrown as Error).message).toMatch(pattern);
}

describe('applyDiff on the worked examples of §6.6', () => {
  const cases: { name: string; before: unknown; ops: DiffOp[]; after: unknown }[] = [
    { name: '1a. a growing text is appended at path []', before: 'Hel', ops: [['append', [], 'lo']], after: 'Hello' },
    { name: '1b. a rewritten text is replaced at path []', before: 'Hello', ops: [['replace', [], 'Help']], after: 'Help' },
    {
      name: '2. a tuple-style chatbot appends to [0, 1]',
      before: [['Hi', 'Hel']],
      ops: [['append', [0, 1], 'lo']],
      after: [['Hi', 'Hello']],
    },
    {
      name: '3a. a messages-style chatbot appends to [1, "content"]',
      before: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hel' }],
      ops: [['append', [1, 'content'], 'lo!']],
      after: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello!' }],
    },
    {
      name: '3b. a messages-style chatbot gets a new message with add',
      before: [{ role: 'user', content: 'Hi' }],
      ops: [['add', [1], { role: 'assistant', content: '' }]],
      after: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '' }],
    },
    {
      name: '4. a shrinking list repeats the delete index',
      before: ['a', 'b', 'c'],
      ops: [['replace', [0], 'd'], ['delete', [1], null], ['delete', [1], null]],
      after: ['d'],
    },
    {
      name: '5. a dict loses one key and gains another',
      before: { a: 1, b: 2 },
      ops: [['delete', ['b'], null], ['add', ['c'], 3]],
      after: { a: 1, c: 3 },
    },
    { name: '6. a type change replaces null by a string', before: null, ops: [['replace', [], 'abc']], after: 'abc' },
  ];

  for (const { name, before, ops, after } of cases) {
    it(`${name}, leaving the input untouched`, () => {
      const snapshot = structuredClone(before);
      expect(applyDiff(deepFreeze(before), deepFreeze(ops))).toEqual(after);
      expect(before).toEqual(snapshot);
    });
  }
});

describe('applyDiff without mutation', () => {
  it('keeps the identity of every container that no edit touched', () => {
    const history = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'More' },
      { role: 'assistant', content: 'Su', metadata: { title: null } },
    ];
    const next = applyDiff(history, [['append', [3, 'content'], 're']]) as typeof history;

    expect(next).not.toBe(history);
    expect(next[0]).toBe(history[0]);
    expect(next[1]).toBe(history[1]);
    expect(next[2]).toBe(history[2]);
    expect(next[3]).not.toBe(history[3]);
    expect(next[3]?.metadata).toBe(history[3]?.metadata);
    expect(next[3]?.content).toBe('Sure');
    expect(history[3]?.content).toBe('Su');
  });

  it('returns the same value for an empty edit list', () => {
    const value = { a: [1, 2] };
    expect(applyDiff(value, [])).toBe(value);
  });

  it('does not edit a value that an earlier edit of the same list inserted', () => {
    const inserted = deepFreeze({ role: 'assistant', content: '' });
    const next = applyDiff(
      [{ role: 'user', content: 'Hi' }],
      [['add', [1], inserted], ['append', [1, 'content'], 'Hey']],
    );
    expect(next).toEqual([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hey' }]);
    expect(inserted.content).toBe('');
  });

  it('inserts into a list at the given index, shifting the rest', () => {
    expect(applyDiff(['a', 'c'], [['add', [1], 'b']])).toEqual(['a', 'b', 'c']);
    expect(applyDiff(['a'], [['add', [1], 'b']])).toEqual(['a', 'b']);
  });

  it('keeps a "__proto__" key as plain data when copying and setting it', () => {
    const value = JSON.parse('{"__proto__": {"polluted": 1}, "text": "a"}') as Record<string, unknown>;
    const next = applyDiff(value, [
      ['append', ['text'], 'b'],
      ['replace', ['__proto__'], { polluted: 2 }],
    ]) as Record<string, unknown>;

    expect(Object.getPrototypeOf(next)).toBe(Object.prototype);
    expect(Object.hasOwn(next, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(next, '__proto__')?.value).toEqual({ polluted: 2 });
    expect(next['text']).toBe('ab');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('applyDiff on bad input', () => {
  it('rejects an unknown op with a protocol error', () => {
    expectProtocolError(() => applyDiff('a', [['merge' as DiffOp[0], [], 'b']]), /"merge".*unknown op/);
    expectProtocolError(() => applyDiff(['a'], [['merge' as DiffOp[0], [0], 'b']]), /unknown op/);
  });

  it('rejects an edit that is not [op, path, value]', () => {
    expectProtocolError(() => applyDiff('a', ['append' as unknown as DiffOp]), /malformed diff edit/);
    expectProtocolError(() => applyDiff('a', 'append' as unknown as DiffOp[]), /expected a list of diff edits/);
  });

  it('rejects append on a value that is not a string', () => {
    expectProtocolError(() => applyDiff(['a'], [['append', [], 'b']]), /not a string/);
    expectProtocolError(() => applyDiff(['a'], [['append', [0], 3]]), /appended value is number 3/);
  });

  it('rejects a path that goes through a string or a number', () => {
    expectProtocolError(() => applyDiff(['abc'], [['append', [0, 1], 'd']]), /neither a list nor a dict/);
    expectProtocolError(() => applyDiff(7, [['replace', [0], 'd']]), /neither a list nor a dict/);
  });

  it('rejects list indices that do not exist', () => {
    expectProtocolError(() => applyDiff(['a'], [['replace', [1], 'b']]), /not an index of a list of length 1/);
    expectProtocolError(() => applyDiff(['a'], [['delete', [1], null]]), /not an index/);
    expectProtocolError(() => applyDiff(['a'], [['add', [2], 'b']]), /not an index/);
    expectProtocolError(() => applyDiff(['a'], [['replace', ['0'], 'b']]), /not an index/);
  });

  it('rejects dict keys that do not exist, without looking at the prototype', () => {
    expectProtocolError(() => applyDiff({ a: 'x' }, [['append', ['b'], 'y']]), /no key "b"/);
    expectProtocolError(() => applyDiff({ a: 'x' }, [['delete', ['toString'], null]]), /no key "toString"/);
    expectProtocolError(() => applyDiff({ a: 'x' }, [['replace', [0], 'y']]), /not a key of a dict/);
  });

  it('rejects add and delete at the root', () => {
    expectProtocolError(() => applyDiff(['a'], [['add', [], 'b']]), /non-empty path/);
    expectProtocolError(() => applyDiff(['a'], [['delete', [], null]]), /non-empty path/);
  });

  it('leaves the input untouched when a later edit fails', () => {
    const value = deepFreeze({ a: ['x'], b: 'y' });
    expect(() => applyDiff(value, [['append', ['a', 0], 'z'], ['append', ['c'], 'z']])).toThrow();
    expect(value).toEqual({ a: ['x'], b: 'y' });
  });
});

/**
 * Replays one event's `process_generating` messages of a transcript with applyDiff (the first
 * carries full values, the later ones edit lists per output) and returns each full state.
 */
function replayEvent(messages: QueueMessage[], eventId: string): { states: unknown[][]; completed: unknown[] } {
  const states: unknown[][] = [];
  let completed: unknown[] | undefined;
  for (const message of messages) {
    if (message.event_id !== eventId) continue;
    if (message.msg === 'process_generating') {
      const data = (message as ProcessGeneratingMessage).output.data;
      const previous = states.at(-1);
      states.push(previous === undefined ? data : data.map((ops, i) => applyDiff(previous[i] ?? null, ops as DiffOp[])));
    } else if (message.msg === 'process_completed') {
      completed = (message.output as SuccessOutput).data;
    }
  }
  if (completed === undefined) throw new Error(`no process_completed for ${eventId}`);
  return { states, completed };
}

type ChatMessage = { role: string; content: string };

describe('applyDiff on the transcripts', () => {
  it('rebuilds the assistant texts of queue-v3-streaming-diffs.txt listed in its README', () => {
    const messages = readTranscriptMessages('transcripts/queue-v3-streaming-diffs.txt');
    const { states, completed } = replayEvent(messages, 'a3f1c2d4e5b60718293a4b5c6d7e8f90');

    expect(states.map((data) => (data[1] as ChatMessage[])[1]?.content)).toEqual([
      '',
      'Hello',
      'Hello! How',
      'Hello! How can I help?',
    ]);
    expect(states.map((data) => data[0])).toEqual(['', '', '', '']);
    expect(states.at(-1)).toEqual(completed);
  });

  it('rebuilds event E2 of queue-multiplexed-two-events.txt to the "Hello!" it completes with', () => {
    const messages = readTranscriptMessages('transcripts/queue-multiplexed-two-events.txt');
    const { states, completed } = replayEvent(messages, '0f1e2d3c4b5a69788796a5b4c3d2e1f0');

    expect(states.map((data) => (data[1] as ChatMessage[])[1]?.content)).toEqual(['', 'Hello', 'Hello!']);
    expect(states.at(-1)).toEqual(completed);
  });

  it('rebuilds the 20 appended steps of the real Gradio 5.49.1 capture a14_queue_generate_data.txt', () => {
    const messages = readTranscriptMessages('real/a14_queue_generate_data.txt');
    const { states, completed } = replayEvent(messages, 'beff4532457a49b38cab00291b05c4c0');

    expect(states).toHaveLength(20);
    expect(states[1]?.[0]).toBe('No image was received. Prompt had 5 characters. step1 step2 ');
    expect(states.at(-1)).toEqual(completed);
  });

  it('rebuilds the tuple chat history of the real capture b03_queue_chat_data.txt, repeated tokens included', () => {
    const messages = readTranscriptMessages('real/b03_queue_chat_data.txt');
    const { states, completed } = replayEvent(messages, '6ad3248d6a774cdeb6865f0c22d821bd');

    const finalAnswer = (completed[1] as [string, string][])[0]?.[1] ?? '';
    expect(finalAnswer.match(/system=68chars/g)).toHaveLength(3);
    expect(states.at(-1)).toEqual(completed);
  });
});

/**
 * Gradio's server-side diff (gradio utils.diff as described in §6.6), re-written for this
 * test: the edits that turn `before` into `after`.
 */
function serverDiff(before: unknown, after: unknown, path: (string | number)[] = []): DiffOp[] {
  if (isDeepStrictEqual(before, after)) return [];
  const kind = (value: unknown) => (Array.isArray(value) ? 'list' : value === null ? 'null' : typeof value);
  if (kind(before) !== kind(after)) return [['replace', path, after]];
  if (typeof before === 'string' && typeof after === 'string') {
    return after.startsWith(before) ? [['append', path, after.slice(before.length)]] : [['replace', path, after]];
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    const ops: DiffOp[] = [];
    for (let i = 0; i < common; i++) ops.push(...serverDiff(before[i], after[i], [...path, i]));
    for (let i = common; i < before.length; i++) ops.push(['delete', [...path, common], null]);
    for (let i = common; i < after.length; i++) ops.push(['add', [...path, i], after[i]]);
    return ops;
  }
  if (kind(before) === 'object') {
    const a = before as Record<string, unknown>;
    const b = after as Record<string, unknown>;
    const ops: DiffOp[] = [];
    for (const key of Object.keys(a)) {
      if (Object.hasOwn(b, key)) ops.push(...serverDiff(a[key], b[key], [...path, key]));
      else ops.push(['delete', [...path, key], null]);
    }
    for (const key of Object.keys(b)) if (!Object.hasOwn(a, key)) ops.push(['add', [...path, key], b[key]]);
    return ops;
  }
  return [['replace', path, after]];
}

describe('applyDiff against the server diff algorithm', () => {
  // Small alphabets so that random pairs share structure and produce every kind of edit.
  const { value } = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom('', 'a', 'ab', 'abc', 'b', null, 0, 1, true),
      fc.array(tie('value'), { maxLength: 4 }),
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'content'), tie('value'), { maxKeys: 3 }),
    ),
  }));

  it('turns the old value into the new one for random pairs, leaving the old one untouched', () => {
    fc.assert(
      fc.property(value, value, (before, after) => {
        const snapshot = structuredClone(before);
        const result = applyDiff(deepFreeze(before), serverDiff(before, after));
        expect(result).toEqual(after);
        expect(before).toEqual(snapshot);
      }),
      { numRuns: 500 },
    );
  });
});
