import { concatMap, firstValueFrom, Observable, type OperatorFunction } from 'rxjs';
import { contextOf } from '../context.js';
import { findFiles } from '../inputs.js';
import { uploads } from '../lazy.js';

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
        // The upload code is loaded with the first file.
        firstValueFrom(context.config$)
          .then((config) =>
            uploads().then(({ uploadFound, replaceFiles }) =>
              uploadFound(context.http, config, context.prefixUrl(config), files, controller.signal).then((uploaded) => replaceFiles(data, files, uploaded)),
            ),
          )
          .then(
            (inputs) => {
              subscriber.next(inputs);
              subscriber.complete();
            },
            (error: unknown) => subscriber.error(error),
          );
        return () => controller.abort();
      }),
  );
}
