/**
 * The job's output tracker (src/outputTracker.ts): full values from sse_v3 edit lists, with
 * streamed text at the root of an output applied without the general applier.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyEditLists } from '../src/diffEdits.js';
import { isGradioError } from '../src/errors.js';
import { createOutputTracker } from '../src/outputTracker.js';
import type { DiffOp } from '../src/protocol.js';

/** Each step's full values, or the error's message, as `track` gives them. */
function run(track: (data: unknown) => unknown, steps: unknown[]): unknown[] {
  return steps.map((step) => {
    try {
      return { values: track(step) };
    } catch (error) {
      return { error: isGradioError(error) ? error.type : String(error) };
    }
  });
}

describe('createOutputTracker', () => {
  it('appends streamed text at the root of a single output, keeping the first message as is', () => {
    const track = createOutputTracker('e1', applyEditLists);
    const first = ['He'];
    expect(track(first)).toBe(first);
    expect(track([[['append', [], 'llo']]])).toEqual(['Hello']);
    expect(track([[['append', [], ' a'], ['append', [], 'nd']]])).toEqual(['Hello and']);
    expect(track([[]])).toEqual(['Hello and']);
  });

  const json = fc.jsonValue({ maxDepth: 2 });
  const rootAppend = fc.tuple(fc.constant('append'), fc.constant([]), fc.string({ maxLength: 3 }));
  const op = fc.oneof(
    { weight: 3, arbitrary: rootAppend },
    fc.tuple(fc.constantFrom('replace', 'add', 'delete'), fc.constant([]), fc.string({ maxLength: 3 })),
    fc.tuple(fc.constant('append'), fc.array(fc.oneof(fc.nat(2), fc.constantFrom('a', 'content')), { minLength: 1, maxLength: 2 }), fc.string({ maxLength: 3 })),
    fc.tuple(fc.constantFrom('append', 'replace', 'add', 'delete'), fc.array(fc.oneof(fc.nat(2), fc.constantFrom('a', 'content')), { maxLength: 2 }), json),
    fc.tuple(fc.constant('append'), fc.constant([]), json),
  );
  const editList = fc.array(op, { maxLength: 3 });

  /** The general applier from the first values on, up to and including its first failure. */
  function reference(first: unknown[], edits: unknown[][]): unknown[] {
    const steps: unknown[] = [{ values: first }];
    let values = first;
    for (const step of edits) {
      try {
        values = applyEditLists(values, step as DiffOp[][], 'e1');
        steps.push({ values });
      } catch (error) {
        steps.push({ error: isGradioError(error) ? error.type : String(error) });
        break;
      }
    }
    return steps;
  }

  it('gives what the general applier gives for the edit lists of one output (text streams and more)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 3 }), json), fc.array(editList.map((list) => [list]), { maxLength: 6 }), (first, edits) => {
        const expected = reference([first], edits);
        expect(run(createOutputTracker('e1', applyEditLists), [[first], ...edits]).slice(0, expected.length)).toEqual(expected);
      }),
    );
  });

  it('gives what the general applier gives for the edit lists of several outputs', () => {
    const outputs = fc.array(fc.oneof(fc.string({ maxLength: 3 }), json), { minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(outputs, fc.array(fc.array(editList, { minLength: 1, maxLength: 3 }), { maxLength: 6 }), (first, edits) => {
        const expected = reference(first, edits);
        expect(run(createOutputTracker('e1', applyEditLists), [first, ...edits]).slice(0, expected.length)).toEqual(expected);
      }),
    );
  });
});
