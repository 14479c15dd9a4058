/**
 * Uploading files to `{prefix}/upload` (§11.1) and putting the uploaded references in the
 * inputs. Loaded the first time inputs hold a file (src/lazy.ts).
 */
import { GradioError } from './errors.js';
import type { FoundFile } from './inputs.js';
import type { FileData, GradioConfig } from './protocol.js';
import type { Http } from './transport/http.js';

/**
 * Uploads the files in one multipart request (every part named `files`, keeping file names)
 * and returns their FileData in order. Files over the app's `max_file_size` are refused before
 * any byte is sent.
 */
export async function uploadFound(http: Http, config: GradioConfig, prefixUrl: string, files: FoundFile[], signal?: AbortSignal): Promise<FileData[]> {
  if (files.length === 0) return [];
  const limit = config.max_file_size;
  const tooLarge = typeof limit === 'number' ? files.filter((file) => file.blob.size > limit) : [];
  if (tooLarge.length > 0) {
    throw new GradioError({
      type: 'upload',
      message: `File(s) exceed the app's maximum size of ${limit} bytes: ${tooLarge.map((f) => `"${f.name}" (${f.blob.size} bytes)`).join(', ')}`,
      endpoint: 'upload',
    });
  }
  const form = new FormData();
  for (const file of files) form.append('files', file.blob, file.name);
  const paths = await http.json<unknown>('POST', `${prefixUrl}/upload?upload_id=${uploadId()}`, form, { endpoint: 'upload', signal });
  if (!Array.isArray(paths) || paths.length !== files.length || !paths.every((p) => typeof p === 'string')) {
    throw new GradioError({ type: 'upload', message: `POST ${prefixUrl}/upload: expected ${files.length} file path(s), got ${JSON.stringify(paths)?.slice(0, 100)}`, endpoint: 'upload' });
  }
  return files.map((file, i) => toFileData(paths[i] as string, file, `${prefixUrl}/file=${paths[i] as string}`));
}

function uploadId(): string {
  return Array.from(globalThis.crypto.getRandomValues(new Uint8Array(6)), (b) => b.toString(36).padStart(2, '0')).join('').slice(0, 10);
}

/** A copy of the inputs where each found file is replaced by its uploaded FileData. */
export function replaceFiles(data: unknown[], files: FoundFile[], uploaded: FileData[]): unknown[] {
  return files.reduce<unknown>((result, file, i) => setAt(result, file.path, uploaded[i]), data) as unknown[];
}

/** The FileData Gradio expects for an uploaded file (§11.2: `meta` is mandatory since 5.5). */
export function toFileData(serverPath: string, file: FoundFile, fileUrl: string): FileData {
  return {
    path: serverPath,
    url: fileUrl,
    orig_name: file.name,
    size: file.blob.size,
    mime_type: file.blob.type || null,
    is_stream: false,
    meta: { _type: 'gradio.FileData' },
  };
}

/** A copy of `container` with `value` at `path`: only the containers on the path are copied. */
function setAt(container: unknown, [head, ...rest]: (string | number)[], value: unknown): unknown {
  if (head === undefined) return value;
  const copy = (Array.isArray(container) ? [...container] : { ...(container as object) }) as Record<string | number, unknown>;
  copy[head] = setAt(copy[head], rest, value);
  return copy;
}
