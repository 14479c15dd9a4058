/**
 * The web demo's page script (bundled by demo/web/bundle.ts): asks the `qwen25` preset (or
 * `qwenQvq72b` when an image is picked) and shows the job as it happens — an event timeline,
 * the streamed answer, and a countdown banner for a ZeroGPU quota error. Generate subscribes,
 * Cancel unsubscribes (which cancels the job on the Space). No framework, no console output.
 */
import { concat, defer, ignoreElements, type Subscription, tap } from 'rxjs';
import { type GpuQuotaErrorEvent, type GradioEvent, isGradioError, textDeltas } from '../../src/index.js';
import { type ChatMessage, chatReplyText, qwen25, qwenQvq72b } from '../../src/spaces/index.js';
import { sendVisitors } from '../space/visitors.js';
import { AnswerStats, summaryLine } from '../common/answerStats.js';
import { formatClock, statusText } from '../common/format.js';

/** How the page's last job ended, in `body[data-state]` (what the browser tests wait for). */
type PageState = 'idle' | 'running' | 'completed' | 'cancelled' | 'error' | 'quota';

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (found === null) throw new Error(`The page has no ${selector}`);
  return found;
}

const form = element<HTMLFormElement>('#ask');
const promptBox = element<HTMLTextAreaElement>('#prompt');
const imageInput = element<HTMLInputElement>('#image');
const outOfQuota = element<HTMLInputElement>('#out-of-quota');
const busy = element<HTMLInputElement>('#busy');
const asleep = element<HTMLInputElement>('#asleep');
const generateButton = element<HTMLButtonElement>('#generate');
const cancelButton = element<HTMLButtonElement>('#cancel');
const presetNote = element<HTMLParagraphElement>('#preset');
const timeline = element<HTMLOListElement>('#timeline');
const answer = element<HTMLDivElement>('#answer');
const summary = element<HTMLParagraphElement>('#summary');
const banner = element<HTMLDivElement>('#quota-banner');
const bannerDetail = element<HTMLSpanElement>('#quota-detail');
const countdown = element<HTMLElement>('#quota-countdown');

/** The running job; unsubscribing it cancels it on the Space. */
let job: Subscription | undefined;
let countdownTimer: ReturnType<typeof setInterval> | undefined;
let startedAt = 0;

/** The Spaces are mounted on this page's own server (demo/web/webDemo.ts). */
const spaceUrl = (name: string): string => `${location.origin}/spaces/${name}${outOfQuota.checked ? '-out-of-quota' : ''}`;

function setState(state: PageState): void {
  document.body.dataset['state'] = state;
  const running = state === 'running';
  generateButton.disabled = running;
  cancelButton.disabled = !running;
}

/** Adds a timeline entry; repeated `generating`/`progress` events update one entry instead. */
function addToTimeline(type: string, text: string): void {
  const last = timeline.lastElementChild as HTMLLIElement | null;
  const at = `+${((performance.now() - startedAt) / 1000).toFixed(2)} s`;
  if (last !== null && last.dataset['type'] === type && (type === 'generating' || type === 'progress')) {
    const count = Number(last.dataset['count'] ?? '1') + 1;
    last.dataset['count'] = String(count);
    last.replaceChildren(stamp(at), type === 'generating' ? `generating × ${count}` : text);
    return;
  }
  const item = document.createElement('li');
  item.dataset['type'] = type;
  item.append(stamp(at), text);
  timeline.append(item);
  timeline.scrollTop = timeline.scrollHeight;
}

function stamp(text: string): HTMLSpanElement {
  const span = document.createElement('span');
  span.className = 'at';
  span.textContent = text;
  return span;
}

/** One event in the timeline (and the banner for a quota error). */
function showEvent(event: GradioEvent): void {
  switch (event.type) {
    case 'generating':
      addToTimeline('generating', 'generating');
      return;
    case 'completed':
      addToTimeline('completed', 'completed');
      return;
    case 'error':
      addToTimeline('error', `error (${event.error.type}): ${event.error.message}`);
      return;
    case 'gpu-quota-error':
      addToTimeline('gpu-quota-error', `gpu-quota-error${event.retryAfterMs === undefined ? '' : `: retry in ${formatClock(event.retryAfterMs)}`}`);
      showQuotaBanner(event);
      return;
    default:
      addToTimeline(event.type, statusText(event) ?? event.type);
  }
}

/** The banner with what ZeroGPU said and a live countdown to the retry time it named. */
function showQuotaBanner(event: GpuQuotaErrorEvent): void {
  const seconds = [
    event.requestedSeconds === undefined ? undefined : `${event.requestedSeconds} s requested`,
    event.leftSeconds === undefined ? undefined : `${event.leftSeconds} s left`,
  ].filter((part) => part !== undefined);
  bannerDetail.textContent = seconds.length > 0 ? `(${seconds.join(', ')})` : '';
  banner.hidden = false;
  if (event.retryAfterMs === undefined) {
    countdown.textContent = 'later';
    return;
  }
  const deadline = Date.now() + event.retryAfterMs;
  const tick = (): void => {
    const left = deadline - Date.now();
    countdown.textContent = formatClock(left);
    if (left <= 0) stopCountdown();
  };
  tick();
  countdownTimer = setInterval(tick, 250);
}

function stopCountdown(): void {
  if (countdownTimer !== undefined) clearInterval(countdownTimer);
  countdownTimer = undefined;
}

function generate(): void {
  job?.unsubscribe();
  stopCountdown();
  banner.hidden = true;
  timeline.replaceChildren();
  answer.textContent = '';
  summary.textContent = '';
  startedAt = performance.now();

  const prompt = promptBox.value.trim() || promptBox.placeholder;
  const messages: ChatMessage[] = [{ role: 'user', content: prompt }];
  const image = imageInput.files?.[0];
  // The presets are cold Observables: subscribing below starts the job. Asleep, they find
  // their Spaces by id through the page's fake hub, which has just put them to sleep.
  const where = (name: string) => (asleep.checked ? { hubUrl: `${location.origin}/hub` } : { url: spaceUrl(name) });
  const job$ =
    image === undefined
      ? qwen25.events({ messages, ...where('qwen25') })
      : qwenQvq72b.events({ messages, media: [[image, image.name]], ...where('qvq') });
  // A busy Space: two other visitors' chats join its queue first, so this job waits its turn.
  const visitors$ = defer(() => sendVisitors(spaceUrl('qwen25'), 2)).pipe(ignoreElements());
  const sleep$ = defer(() => fetch('/demo/sleep', { method: 'POST' })).pipe(ignoreElements());
  const events$ = asleep.checked ? concat(sleep$, job$) : busy.checked && image === undefined ? concat(visitors$, job$) : job$;
  const select =
    image === undefined ? (data: unknown[]) => chatReplyText(data[1]) : (data: unknown[]) => (typeof data[0] === 'string' ? data[0] : undefined);
  presetNote.textContent = image === undefined ? 'qwen25 preset' : `qwenQvq72b preset, with ${image.name}`;

  const stats = new AnswerStats();
  let ending: PageState = 'completed';
  setState('running');
  job = events$
    .pipe(
      tap((event) => {
        showEvent(event);
        if (event.type === 'error') ending = 'error';
        if (event.type === 'gpu-quota-error') ending = 'quota';
      }),
      textDeltas(select),
    )
    .subscribe({
      next: (delta) => {
        stats.token();
        answer.append(delta);
      },
      error: (error: unknown) => {
        addToTimeline('error', isGradioError(error) ? `error (${error.type}): ${error.message}` : `error: ${String(error)}`);
        job = undefined;
        setState('error');
      },
      complete: () => {
        if (ending === 'completed') summary.textContent = summaryLine(stats.summary());
        job = undefined;
        setState(ending);
      },
    });
}

function cancel(): void {
  if (job === undefined) return;
  job.unsubscribe(); // aborts the requests and POSTs /cancel for the job
  job = undefined;
  addToTimeline('cancelled', 'cancelled: the Space was told to stop');
  setState('cancelled');
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  generate();
});
cancelButton.addEventListener('click', cancel);
promptBox.addEventListener('keydown', (event) => {
  // Enter sends, Shift+Enter is a new line, as in chat apps.
  if (event.key === 'Enter' && !event.shiftKey) {
    event.preventDefault();
    form.requestSubmit();
  }
});
setState('idle');
