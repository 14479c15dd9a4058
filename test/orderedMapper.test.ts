/**
 * The mapper the job followers share (src/orderedMapper.ts): a step may return a promise of
 * its event (code loaded on first use); the messages behind it wait, in order.
 */
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mapped, OrderedMapper } from '../src/orderedMapper.js';

/** A promise with its resolve and reject at hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A mapper over strings: `wait:x` waits for the test to settle the promise named x, `throw:x`
 * throws, `skip` maps to nothing, `end` is the last message, anything else maps to itself.
 */
function setup() {
  const seen: string[] = [];
  const pending = new Map<string, ReturnType<typeof deferred<string | undefined>>>();
  const steps: string[] = [];
  const step = (message: string, detail: string | undefined): Mapped<string> => {
    steps.push(message);
    const [kind, name] = message.split(':');
    if (kind === 'wait') {
      const later = deferred<string | undefined>();
      pending.set(name!, later);
      return later.promise;
    }
    if (kind === 'throw') throw new Error(name);
    if (kind === 'skip') return undefined;
    return detail === undefined ? message : `${message}/${detail}`;
  };
  const mapper = new OrderedMapper<string, string, string | undefined>(
    step,
    (event) => seen.push(event),
    (error) => seen.push(`error ${error instanceof Error ? error.message : String(error)}`),
    (message) => message === 'end' || message === 'wait:end',
  );
  return { mapper, seen, pending, steps };
}

describe('OrderedMapper', () => {
  it('maps synchronous steps at once, in order, skipping what maps to nothing', () => {
    const { mapper, seen } = setup();
    for (const message of ['a', 'skip', 'b', 'c']) mapper.next(message);
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('hands a second argument to the step, kept with its message while waiting', async () => {
    const { mapper, seen, pending } = setup();
    mapper.next('a', 'x');
    mapper.next('wait:1');
    mapper.next('b', 'y');
    pending.get('1')!.resolve('one');
    await settle();
    expect(seen).toEqual(['a/x', 'one', 'b/y']);
  });

  it('keeps the messages behind a waiting step and maps them in order once it settles', async () => {
    const { mapper, seen, pending, steps } = setup();
    mapper.next('a');
    mapper.next('wait:1');
    mapper.next('b');
    mapper.next('c');
    expect(seen).toEqual(['a']);
    expect(steps).toEqual(['a', 'wait:1']);
    pending.get('1')!.resolve('one');
    await settle();
    expect(seen).toEqual(['a', 'one', 'b', 'c']);
    mapper.next('d');
    expect(seen).toEqual(['a', 'one', 'b', 'c', 'd']);
  });

  it('waits again for a kept message that waits, keeping the rest and the new arrivals behind it', async () => {
    const { mapper, seen, pending } = setup();
    mapper.next('wait:1');
    mapper.next('b');
    mapper.next('wait:2');
    mapper.next('c');
    pending.get('1')!.resolve('one');
    await settle();
    expect(seen).toEqual(['one', 'b']);
    mapper.next('d');
    pending.get('2')!.resolve('two');
    await settle();
    expect(seen).toEqual(['one', 'b', 'two', 'c', 'd']);
  });

  it("waits for a promise that is not the global Promise's (another realm, or an app that replaced Promise)", async () => {
    const seen: string[] = [];
    const foreign = runInNewContext('Promise.resolve("from elsewhere")') as Promise<string>;
    expect(foreign).not.toBeInstanceOf(Promise);
    const mapper = new OrderedMapper<string, string>((message) => (message === 'wait' ? foreign : message), (event) => seen.push(event), () => {}, () => false);
    mapper.next('wait');
    mapper.next('b');
    await settle();
    expect(seen).toEqual(['from elsewhere', 'b']);
  });

  it('emits nothing for a promise of nothing, and goes on', async () => {
    const { mapper, seen, pending } = setup();
    mapper.next('wait:1');
    mapper.next('b');
    pending.get('1')!.resolve(undefined);
    await settle();
    expect(seen).toEqual(['b']);
  });

  it('reports a throwing step and a rejected promise in their place among the events', async () => {
    const { mapper, seen, pending } = setup();
    mapper.next('a');
    mapper.next('throw:boom');
    mapper.next('wait:1');
    mapper.next('b');
    pending.get('1')!.reject(new Error('offline'));
    await settle();
    expect(seen).toEqual(['a', 'error boom', 'error offline', 'b']);
  });

  it("reports a failure of the source after the events of the messages before it", async () => {
    const { mapper, seen, pending } = setup();
    mapper.error(new Error('first'));
    mapper.next('wait:1');
    mapper.error(new Error('dropped'));
    expect(seen).toEqual(['error first']);
    pending.get('1')!.resolve('one');
    await settle();
    expect(seen).toEqual(['error first', 'one', 'error dropped']);
  });

  it('counts the last message as the end only once it arrives while a step waits, or is the one waiting', async () => {
    const synchronous = setup();
    synchronous.mapper.next('end');
    expect(synchronous.mapper.ended).toBe(false);

    const behind = setup();
    behind.mapper.next('wait:1');
    expect(behind.mapper.ended).toBe(false);
    behind.mapper.next('end');
    expect(behind.mapper.ended).toBe(true);

    const waiting = setup();
    waiting.mapper.next('wait:end');
    expect(waiting.mapper.ended).toBe(true);

    const failing = setup();
    failing.mapper.next('wait:1');
    failing.mapper.error(new Error('stream broke'));
    expect(failing.mapper.ended).toBe(true);
  });

  it('tells once, as soon as the job has ended while a step waits, so that the follower can stop listening', async () => {
    const ends: string[] = [];
    let later!: (value: string) => void;
    const mapper = new OrderedMapper<string, string>(
      (message) => (message === 'wait' ? new Promise<string>((resolve) => (later = resolve)) : message),
      () => {},
      () => {},
      (message) => message === 'end',
      () => ends.push('ended'),
    );
    mapper.next('end');
    expect(ends).toEqual([]);
    mapper.next('wait');
    mapper.next('end');
    expect(ends).toEqual(['ended']);
    mapper.error(new Error('after the end'));
    later('done');
    await settle();
    expect(ends).toEqual(['ended']);
  });

  describe('stopped while a step waits', () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    beforeAll(() => {
      process.on('unhandledRejection', onUnhandled);
    });
    afterAll(() => {
      process.off('unhandledRejection', onUnhandled);
    });

    it('emits nothing afterwards, maps none of the kept messages, and drops them', async () => {
      const { mapper, seen, pending, steps } = setup();
      mapper.next('a');
      mapper.next('wait:1');
      mapper.next('b');
      mapper.stop();
      mapper.next('c');
      mapper.error(new Error('late'));
      pending.get('1')!.resolve('one');
      await settle();
      expect(seen).toEqual(['a']);
      expect(steps).toEqual(['a', 'wait:1']);
    });

    it('leaves no rejection unhandled when the promise it waited for rejects', async () => {
      const { mapper, seen, pending } = setup();
      mapper.next('wait:1');
      mapper.stop();
      pending.get('1')!.reject(new Error('offline'));
      await settle();
      await settle();
      expect(seen).toEqual([]);
      expect(unhandled).toEqual([]);
    });

    it('stops in the middle of the kept messages when an event stops it', async () => {
      const seen: string[] = [];
      const later = deferred<string>();
      const mapper: OrderedMapper<string, string> = new OrderedMapper<string, string>(
        (message) => (message === 'wait' ? later.promise : message),
        (event) => {
          seen.push(event);
          if (event === 'last') mapper.stop();
        },
        () => {},
        () => false,
      );
      mapper.next('wait');
      mapper.next('last');
      mapper.next('after');
      later.resolve('first');
      await settle();
      expect(seen).toEqual(['first', 'last']);
    });
  });
});
