/**
 * Streamed text in sse_v3 diffs (src/appendedText.ts): what a token's edits append at one
 * place, read by the job's output tracker and by textDeltas().
 */
import { describe, expect, it } from 'vitest';
import { appendedAt, samePath } from '../src/appendedText.js';

describe('appendedAt', () => {
  it('joins the texts of append edits at the given path, in order', () => {
    expect(appendedAt([['append', [], 'Hel'], ['append', [], 'lo']], [])).toBe('Hello');
    expect(appendedAt([['append', [1, 'content'], '!']], [1, 'content'])).toBe('!');
  });

  it('gives an empty text for no edits at all', () => {
    expect(appendedAt([], [])).toBe('');
  });

  it('gives undefined when any edit is not an append of a string at that path', () => {
    expect(appendedAt([['append', [], 'a'], ['replace', [], 'b']], [])).toBeUndefined();
    expect(appendedAt([['append', [0], 'a']], [])).toBeUndefined();
    expect(appendedAt([['append', [], 'a']], [0])).toBeUndefined();
    expect(appendedAt([['append', [], 7]], [])).toBeUndefined();
    expect(appendedAt([['append', 'not a path', 'a']], [])).toBeUndefined();
  });

  it('gives undefined for edit lists that are not lists of edits', () => {
    expect(appendedAt(undefined, [])).toBeUndefined();
    expect(appendedAt('append', [])).toBeUndefined();
    expect(appendedAt([null], [])).toBeUndefined();
    expect(appendedAt([{ 0: 'append', 1: [], 2: 'a' }], [])).toBeUndefined();
  });
});

describe('samePath', () => {
  it('compares the keys of two paths', () => {
    expect(samePath([1, 'content'], [1, 'content'])).toBe(true);
    expect(samePath([], [])).toBe(true);
    expect(samePath([1, 'content'], [1, 'text'])).toBe(false);
    expect(samePath([1], [1, 'content'])).toBe(false);
    expect(samePath(['1'], [1])).toBe(false);
  });

  it('is false for a value that is not a path', () => {
    expect(samePath(null, [])).toBe(false);
    expect(samePath('', [])).toBe(false);
  });
});
