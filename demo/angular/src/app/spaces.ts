import { DOCUMENT, InjectionToken, inject } from '@angular/core';
import { gradio, type GradioApp } from 'gradio-rx';

/** Where the app finds its two Spaces. */
export interface SpaceUrls {
  /** Root URL of a Qwen2.5 chat Space (the `qwen25` preset). */
  qwen25: string;
  /** Root URL of a QVQ-72B vision Space (the `qwenQvq72b` preset). */
  qvq: string;
}

/**
 * The Spaces' URLs. By default the fake Spaces that serve.ts mounts beside the app (same
 * origin, so no CORS). To talk to the real Spaces instead, provide
 * `{ provide: SPACE_URLS, useValue: { qwen25: qwen25.url, qvq: qwenQvq72b.url } }`.
 */
export const SPACE_URLS = new InjectionToken<SpaceUrls>('SPACE_URLS', {
  providedIn: 'root',
  factory: () => {
    const origin = inject(DOCUMENT).location.origin;
    return { qwen25: `${origin}/spaces/qwen25`, qvq: `${origin}/spaces/qvq` };
  },
});

/**
 * One app handle for the chat Space, shared by every component: its `/config` and `/info`
 * are fetched once and cached, whoever asks. Reading them costs no GPU time.
 */
export const QWEN25_APP = new InjectionToken<GradioApp>('QWEN25_APP', {
  providedIn: 'root',
  factory: () => gradio(inject(SPACE_URLS).qwen25),
});
