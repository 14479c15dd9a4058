/**
 * The Qwen QVQ-72B Space (Qwen/QVQ-72B-preview, spec §12.1): a prompt and an optional image
 * to its `generate` endpoint.
 */
import type { Observable } from 'rxjs';
import { GradioError } from '../errors.js';
import type { GradioEvent } from '../events.js';
import { textDeltas } from '../operators/textDeltas.js';
import { throwOnError } from '../operators/throwOnError.js';
import { formatPrompt } from './formatPrompt.js';
import { sniffImageType, sniffLength } from './sniffImage.js';
import { appFor, checkModel, preparedJob } from './spaceApp.js';
import type { MediaItem, SpaceParams, SpacePreset } from './types.js';

/** The parameters of a QVQ request. */
export interface QvqParams extends SpaceParams {
  /**
   * How the job runs. `'queue'` is the queue protocol, the only one that carries ZeroGPU's
   * quota texts (spec §13.1), so quota failures arrive as `gpu-quota-error` with the retry
   * time. `'call'` is the `/call/generate` API the original provider used; on Gradio 5 its
   * errors carry no text, so a quota failure is only a generic `app` error there.
   * @default 'queue'
   */
  via?: 'queue' | 'call';
}

/** The QVQ preset: a `SpacePreset` that also names its vision models. */
export interface QvqPreset extends SpacePreset<QvqParams> {
  /** The model used for questions with an image (QVQ has one model, so the default model). */
  readonly defaultVisionModel: string;
  /** The models that take images (all of this Space's). */
  readonly visionModels: readonly string[];
}

const apiName = 'generate';
const model = 'qwen-qvq-72b-preview';

/**
 * Qwen QVQ-72B: the conversation becomes one prompt (`formatPrompt`), the first `media` item
 * is uploaded as the image (PNG, JPEG, GIF or WebP, told from its bytes), and the cumulative
 * answer streams back.
 *
 * @example
 * ```ts
 * qwenQvq72b
 *   .stream({ messages: [{ role: 'user', content: 'What is in this image?' }], media: [[jpegBytes, 'photo.jpg']] })
 *   .subscribe((delta) => process.stdout.write(delta));
 * ```
 */
export const qwenQvq72b: QvqPreset = {
  label: 'Qwen QVQ-72B',
  space: 'Qwen/QVQ-72B-preview',
  url: 'https://qwen-qvq-72b-preview.hf.space',
  defaultModel: model,
  models: [model],
  modelAliases: { 'qvq-72b': model },
  defaultVisionModel: model,
  visionModels: [model],
  // One prompt (system messages included as lines) and one image; the answer streams.
  supportsStream: true,
  supportsSystemMessage: false,
  supportsMessageHistory: false,
  supportsImages: true,
  events: qvqEvents,
  replyText: answerText,
  stream(params) {
    return qvqEvents(params).pipe(throwOnError(), textDeltas(answerText));
  },
};

/** The answer textbox, the Space's only output. */
function answerText(data: unknown[]): string | undefined {
  return typeof data[0] === 'string' ? data[0] : undefined;
}

function qvqEvents(params: QvqParams): Observable<GradioEvent> {
  return preparedJob(async () => {
    checkModel(params.model, qwenQvq72b);
    const via = params.via ?? 'queue';
    if (via !== 'queue' && via !== 'call') {
      throw new GradioError({ type: 'invalid-input', message: `via must be 'queue' or 'call', not ${JSON.stringify(via)}` });
    }
    const prompt = formatPrompt(params.messages);
    const first = params.media?.[0];
    // Sniffed before the app is even created: a bad file costs no request.
    const image = first === undefined ? null : await imageFile(first);
    const app = await appFor(params, qwenQvq72b.space);
    // The core uploads the File and puts its FileData in its place.
    const data = [image, prompt];
    const options = params.jobHeaders === undefined ? {} : { headers: params.jobHeaders };
    return via === 'call' ? app.call(apiName, data, options) : app.submit(apiName, data, options);
  });
}

/**
 * The media item as a named `File` whose type is sniffed from its bytes. A missing name
 * becomes `image.<type>`, as the Space needs one.
 */
async function imageFile([content, name]: MediaItem): Promise<File> {
  const shownName = typeof name === 'string' && name !== '' ? name : undefined;
  let blob: Blob;
  if (content instanceof Blob) blob = content;
  else if (content instanceof ArrayBuffer || content instanceof Uint8Array) blob = new Blob([content as Uint8Array<ArrayBuffer>]);
  else throw new GradioError({ type: 'invalid-input', message: `media item ${shownName ?? '0'} must be a Uint8Array, an ArrayBuffer or a Blob` });
  const head = new Uint8Array(await blob.slice(0, sniffLength).arrayBuffer());
  const type = sniffImageType(head, shownName === undefined ? 'the image' : `"${shownName}"`);
  return new File([blob], shownName ?? `image.${type.slice('image/'.length)}`, { type });
}
