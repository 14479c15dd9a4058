import { concatMap, firstValueFrom, Observable, type OperatorFunction } from 'rxjs';
import { contextOf } from '../context.js';
import { findFilesOf } from '../inputs.js';

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
        // A cyclic input is an invalid-input error, labelled like the uploads' own errors.
        const files = findFilesOf(data, 'upload');
        if (files.length === 0) {
          subscriber.next(data);
          subscriber.complete();
          return;
        }
        const controller = new AbortController();
        firstValueFrom(context.config$)
          .then((config) => context.upload(config, data, files, controller.signal))
          .then(
            ({ inputs }) => {
              subscriber.next(inputs);
              subscriber.complete();
            },
            (error: unknown) => subscriber.error(error),
          );
        return () => controller.abort();
      }),
  );
}
