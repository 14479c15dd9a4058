import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { map, type Observable, switchMap, takeWhile, timer } from 'rxjs';

/**
 * The ZeroGPU quota banner, with a live countdown to when the Space takes a job again.
 *
 * The countdown is a timer turned into a signal (`toSignal`): it ticks once a second, completes
 * at zero, and is unsubscribed when the banner goes away. A new `retryAfterMs` restarts it
 * (`switchMap`). Without zone.js a timer never holds the app "unstable" (no NG0506).
 */
@Component({
  selector: 'app-quota-banner',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="quota" role="alert" data-testid="quota-banner">
      <strong>ZeroGPU quota exceeded.</strong>
      @if (requestedSeconds() !== undefined && leftSeconds() !== undefined) {
        This answer needs {{ requestedSeconds() }} s of GPU time; {{ leftSeconds() }} s are left.
      }
      <span data-testid="countdown">{{ countdown() }}</span>
    </div>
  `,
  styles: `
    .quota {
      background: #fff4e5;
      border: 1px solid #ffb74d;
      border-radius: 8px;
      padding: 0.75rem;
    }
  `,
})
export class QuotaBanner {
  /** How long until the quota lets a job run again. */
  readonly retryAfterMs = input.required<number>();
  readonly requestedSeconds = input<number>();
  readonly leftSeconds = input<number>();

  /** "Try again in 1:29.", once a second, then "You can try again now." */
  protected readonly countdown = toSignal(toObservable(this.retryAfterMs).pipe(switchMap(countdown)), { initialValue: '' });
}

function countdown(waitMs: number): Observable<string> {
  const deadline = Date.now() + waitMs;
  return timer(0, 1000).pipe(
    map(() => Math.max(0, deadline - Date.now())),
    takeWhile((leftMs) => leftMs > 0, true),
    map((leftMs) => (leftMs > 0 ? `Try again in ${clock(leftMs)}.` : 'You can try again now.')),
  );
}

/** 89_500 ms → "1:30" (rounded up: the banner never says 0:00 before it is time). */
function clock(ms: number): string {
  const seconds = Math.ceil(ms / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
