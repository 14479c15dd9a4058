import { concatMap, firstValueFrom, Observable, type OperatorFunction } from 'rxjs';
import { contextOf } from '../context.js';
import { findFiles, replaceFiles } from '../inputs.js';
import { uploadFound } from '../uploads.js';

/**
 * Uploads every `Blob`/`File` found in each inputs array and emits the inputs with the
 * uploaded `FileData` in their place. Unsubscribing aborts an upload in flight.
 *
 * @example
 * ```ts
 * of([imageBlob, 'What is this?']).pipe(uploadFiles(app), joinQueue(app, '/chat'), readQueue(app))
 * ```
 */
export function uploadFiles(app: object): OperatorFunction<unknown[], unknown[]> {
  const context = contextOf(app);
  return concatMap(
    (data) =>
      new Observable<unknown[]>((subscriber) => {
        const files = findFiles(data);
        if (files.length === 0) {
          subscriber.next(data);
          subscriber.complete();
          return;
        }
        const controller = new AbortController();
        firstValueFrom(context.config$)
          .then((config) => uploadFound(context.http, config, context.prefixUrl(config), files, controller.signal))
          .then(
            (uploaded) => {
              subscriber.next(replaceFiles(data, files, uploaded));
              subscriber.complete();
            },
            (error: unknown) => subscriber.error(error),
          );
        return () => controller.abort();
      }),
  );
}
