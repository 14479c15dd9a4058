/**
 * Small helpers of the spaces tests.
 */
import { lastValueFrom, type Observable, toArray } from 'rxjs';
import type { ChatMessage } from '../../src/spaces/types.js';

export const user = (content: ChatMessage['content']): ChatMessage => ({ role: 'user', content });
export const assistant = (content: ChatMessage['content']): ChatMessage => ({ role: 'assistant', content });
export const system = (content: ChatMessage['content']): ChatMessage => ({ role: 'system', content });

/** Every value of a finite Observable. */
export function valuesOf<T>(source: Observable<T>): Promise<T[]> {
  return lastValueFrom(source.pipe(toArray()));
}

/** The error an Observable fails with; fails the test when it completes instead. */
export async function errorOf(source: Observable<unknown>): Promise<unknown> {
  try {
    await lastValueFrom(source.pipe(toArray()));
  } catch (error) {
    return error;
  }
  throw new Error('expected the Observable to fail, but it completed');
}

/** Resolves once `condition()` holds; rejects after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
