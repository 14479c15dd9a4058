import { AsyncPipe, isPlatformBrowser } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, PLATFORM_ID } from '@angular/core';
import { map, type Observable, of } from 'rxjs';
import { QWEN25_APP } from '../spaces';

/**
 * About the demo, and the chat Space's API as the Space describes it. `info()` is cached by
 * the app handle and costs no GPU time; the async pipe subscribes and unsubscribes for us.
 */
@Component({
  selector: 'app-about-page',
  imports: [AsyncPipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1>About</h1>
    <p>
      This Angular app talks to two Gradio Spaces through <code>gradio-rx</code>: a chat with the
      <code>qwen25</code> preset and questions about images with the <code>qwenQvq72b</code> preset.
      Every job is an Observable: unsubscribing (Stop, or leaving the chat) cancels it on the Space.
    </p>
    <h2>The chat Space's endpoints</h2>
    <ul data-testid="endpoints">
      @for (name of endpoints$ | async; track name) {
        <li>
          <code>{{ name }}</code>
        </li>
      }
    </ul>
  `,
})
export class AboutPage {
  // Only the browser asks: a server render would wait for the Space for nothing.
  protected readonly endpoints$: Observable<string[]> = isPlatformBrowser(inject(PLATFORM_ID))
    ? inject(QWEN25_APP)
        .info()
        .pipe(map((info) => Object.keys(info.named_endpoints)))
    : of([]);
}
