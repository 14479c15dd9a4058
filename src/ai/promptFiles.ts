/**
 * The bytes of a prompt's file parts: raw bytes, base64 text, or a URL (`data:` or fetched).
 */
import { GradioError } from '../errors.js';
import type { FetchLike } from '../spaces/types.js';
import type { PromptFile } from './prompt.js';

/**
 * The file as a named `File`, ready for the core to upload. A URL is fetched with `fetch`
 * (without the provider's token or headers: they belong to the Space, not to the image's host).
 *
 * @throws GradioError `invalid-input` for base64 text that is not base64, `upload` when a URL
 *   cannot be fetched.
 */
export async function promptFileBlob({ part, index }: PromptFile, fetch: FetchLike, signal: AbortSignal | undefined): Promise<File> {
  const name = part.filename ?? `image${index === 0 ? '' : index}.${extensionOf(part.mediaType)}`;
  const type = part.mediaType.includes('/') ? part.mediaType : '';
  const { data } = part;
  if (data.type === 'url') return new File([await download(data.url, fetch, signal)], name, { type });
  if (data.type !== 'data') throw new GradioError({ type: 'invalid-input', message: `file part ${index} carries ${data.type} data, not bytes` });
  const bytes = typeof data.data === 'string' ? decodeBase64(data.data, index) : data.data;
  return new File([bytes as Uint8Array<ArrayBuffer>], name, { type });
}

async function download(url: URL, fetch: FetchLike, signal: AbortSignal | undefined): Promise<Blob> {
  // A data: URL says nothing secret; any other URL is named by its origin only in messages.
  const shown = url.protocol === 'data:' ? 'a data: URL' : `${url.origin}${url.pathname}`;
  let response: Response;
  try {
    response = await fetch(url.href, signal === undefined ? {} : { signal });
  } catch (cause) {
    if (signal?.aborted === true) throw cause;
    throw new GradioError({ type: 'upload', endpoint: 'upload', message: `GET ${shown}: the image could not be fetched`, cause });
  }
  if (!response.ok) {
    throw new GradioError({ type: 'upload', endpoint: 'upload', status: response.status, message: `GET ${shown}: ${response.status} — the image could not be fetched` });
  }
  return response.blob();
}

function decodeBase64(text: string, index: number): Uint8Array {
  let binary: string;
  try {
    binary = atob(text.replace(/\s+/g, ''));
  } catch (cause) {
    throw new GradioError({ type: 'invalid-input', message: `file part ${index}: its data is a string that is not base64`, cause });
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function extensionOf(mediaType: string): string {
  const subtype = mediaType.split('/')[1] ?? '';
  return /^[a-z0-9]+$/.test(subtype) ? (subtype === 'jpeg' ? 'jpg' : subtype) : 'bin';
}
