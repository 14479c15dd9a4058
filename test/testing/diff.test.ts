import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diff, pythonEquals } from '../../src/testing/diff.js';
import { applyOps } from './support.js';

describe('diff on the worked examples of §6.6', () => {
  it('appends to a growing string and replaces a string that is not extended', () => {
    expect(diff('Hel', 'Hello')).toEqual([['append', [], 'lo']]);
    expect(diff('Hello', 'Help')).toEqual([['replace', [], 'Help']]);
  });

  it('appends inside a tuple-style chatbot history', () => {
    expect(diff([['Hi', 'Hel']], [['Hi', 'Hello']])).toEqual([['append', [0, 1], 'lo']]);
  });

  it('appends to a message content and adds a new message in a messages-style history', () => {
    const before = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hel' },
    ];
    const grown = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!' },
    ];
    expect(diff(before, grown)).toEqual([['append', [1, 'content'], 'lo!']]);
    expect(diff([{ role: 'user', content: 'Hi' }], before.slice(0, 1).concat({ role: 'assistant', content: '' }))).toEqual([
      ['add', [1], { role: 'assistant', content: '' }],
    ]);
  });

  it('replaces then deletes the same index repeatedly when a list shrinks', () => {
    const ops = diff(['a', 'b', 'c'], ['d']);
    expect(ops).toEqual([
      ['replace', [0], 'd'],
      ['delete', [1], null],
      ['delete', [1], null],
    ]);
    expect(applyOps(['a', 'b', 'c'], ops)).toEqual(['d']);
  });

  it('deletes removed keys before adding new ones in a dict', () => {
    expect(diff({ a: 1, b: 2 }, { a: 1, c: 3 })).toEqual([
      ['delete', ['b'], null],
      ['add', ['c'], 3],
    ]);
  });

  it('replaces the whole value when the type changes', () => {
    expect(diff(null, 'abc')).toEqual([['replace', [], 'abc']]);
    expect(diff({ a: 1 }, [1])).toEqual([['replace', [], [1]]]);
  });
});

describe('diff with Python equality', () => {
  it('produces no edit between true and 1 nor between 1 and 1.0', () => {
    expect(diff(true, 1)).toEqual([]);
    expect(diff([false, 1], [0, 1.0])).toEqual([]);
    expect(pythonEquals(true, 2)).toBe(false);
  });

  it('treats dicts with the same items in another key order as equal', () => {
    expect(diff({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toEqual([]);
  });

  it('replaces a number by a boolean that is not equal to it', () => {
    expect(diff(2, true)).toEqual([['replace', [], true]]);
  });

  it('gives an empty edit list for an unchanged output', () => {
    expect(diff('', '')).toEqual([]);
    expect(diff([], [])).toEqual([]);
  });

  it('always produces edits that turn the old value into the new one', () => {
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, false, 0, 1),
        fc.string({ maxLength: 4 }),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(fc.constantFrom('a', 'b', 'c', 'content'), tie('value'), { maxKeys: 3 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, json, (before, after) => {
        const result = applyOps(before, diff(before, after));
        expect(pythonEquals(result, after)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
