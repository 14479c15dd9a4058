import { Observable, Subject, defer, of, throwError, concat } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { GradioError } from '../../src/errors.js';
import { toAsyncIterable } from '../../src/operators/toAsyncIterable.js';

/** A source that records its subscriptions and teardowns, driven by a Subject. */
function trackedSource<T>() {
  const input = new Subject<T>();
  const log = { subscribed: 0, tornDown: 0 };
  const source = new Observable<T>((subscriber) => {
    log.subscribed++;
    const subscription = input.subscribe(subscriber);
    return () => {
      log.tornDown++;
      subscription.unsubscribe();
    };
  });
  return { input, log, source };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

describe('toAsyncIterable', () => {
  it('yields the values in order and ends when the source completes', async () => {
    const values: number[] = [];
    for await (const value of toAsyncIterable(of(1, 2, 3))) values.push(value);
    expect(values).toEqual([1, 2, 3]);
  });

  it('subscribes only on the first next()', async () => {
    const { input, log, source } = trackedSource<string>();
    const iterator = toAsyncIterable(source);
    expect(log.subscribed).toBe(0);

    const first = iterator.next();
    expect(log.subscribed).toBe(1);
    input.next('a');
    await expect(first).resolves.toEqual({ done: false, value: 'a' });
  });

  it('unsubscribes the source when the loop is left with break', async () => {
    const { input, log, source } = trackedSource<number>();
    const seen: number[] = [];
    const loop = (async () => {
      for await (const value of toAsyncIterable(source)) {
        seen.push(value);
        if (value === 2) break;
      }
    })();
    for (let i = 1; i <= 3; i++) {
      await tick();
      input.next(i);
    }
    await loop;
    expect(seen).toEqual([1, 2]);
    expect(log.tornDown).toBe(1);
    expect(input.observed).toBe(false);
  });

  it('unsubscribes the source when the loop body throws', async () => {
    const { input, log, source } = trackedSource<number>();
    const loop = (async () => {
      for await (const value of toAsyncIterable(source)) throw new Error(`stop at ${value}`);
    })();
    await tick();
    input.next(1);
    await expect(loop).rejects.toThrow('stop at 1');
    expect(log.tornDown).toBe(1);
  });

  it('unsubscribes on return(), settles a pending next() as done and stays done', async () => {
    const { input, log, source } = trackedSource<number>();
    const iterator = toAsyncIterable(source);
    const pending = iterator.next();
    await expect(iterator.return?.()).resolves.toEqual({ done: true, value: undefined });
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(log.tornDown).toBe(1);
    input.next(1);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    expect(log.subscribed).toBe(1);
  });

  it('never subscribes when return() comes before the first next()', async () => {
    const { log, source } = trackedSource<number>();
    const iterator = toAsyncIterable(source);
    await iterator.return?.();
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    expect(log.subscribed).toBe(0);
  });

  it('throws the source error after the values that came before it', async () => {
    const error = new GradioError({ type: 'app', message: 'boom' });
    const values: string[] = [];
    const loop = async () => {
      for await (const value of toAsyncIterable(concat(of('a', 'b'), throwError(() => error)))) values.push(value);
    };
    await expect(loop()).rejects.toBe(error);
    expect(values).toEqual(['a', 'b']);
  });

  it('rejects a next() that is waiting when the source errors, once', async () => {
    const { input, source } = trackedSource<number>();
    const iterator = toAsyncIterable(source);
    const pending = iterator.next();
    const error = new Error('lost');
    input.error(error);
    await expect(pending).rejects.toBe(error);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('settles a waiting next() as done when the source completes', async () => {
    const { input, source } = trackedSource<number>();
    const iterator = toAsyncIterable(source);
    const pending = iterator.next();
    input.complete();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
  });

  it('gives a slow consumer every value that arrived while it was busy', async () => {
    const { input, source } = trackedSource<number>();
    const received: number[] = [];
    const loop = (async () => {
      for await (const value of toAsyncIterable(source)) {
        received.push(value);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    })();
    await tick();
    for (let i = 0; i < 50; i++) input.next(i);
    input.complete();
    await loop;
    expect(received).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('unsubscribes on throw() and rejects with the given error', async () => {
    const { log, source } = trackedSource<number>();
    const iterator = toAsyncIterable(source);
    void iterator.next();
    const reason = new Error('abandon');
    await expect(iterator.throw?.(reason)).rejects.toBe(reason);
    expect(log.tornDown).toBe(1);
  });

  it('is its own async iterator, and each iterable runs the cold source once more', async () => {
    let subscriptions = 0;
    const source = defer(() => {
      subscriptions++;
      return of('x');
    });
    const iterable = toAsyncIterable(source);
    expect(iterable[Symbol.asyncIterator]()).toBe(iterable);
    for await (const _ of toAsyncIterable(source)) void _;
    for await (const _ of toAsyncIterable(source)) void _;
    expect(subscriptions).toBe(2);
  });
});
