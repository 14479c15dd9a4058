import { afterNextRender, ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { ActivatedRoute } from '@angular/router';
import { idleViewModel, type JobViewModel, toViewModel } from 'gradio-rx';
import { type ChatMessage, qwen25 } from 'gradio-rx/spaces';
import type { Subscription } from 'rxjs';
import { isRunning, JobStatusView } from '../common/job-status';
import { SPACE_URLS } from '../spaces';

/** One message of the conversation as the page shows it. */
interface Turn {
  role: 'user' | 'assistant';
  content: string;
  /** The answer was cut short by Stop. */
  stopped?: boolean;
}

/**
 * A chat with the Qwen2.5 Space. Each question is one job: its events are folded into a view
 * model (`toViewModel()`) held in a signal. Stop unsubscribes, and so does leaving the page
 * (`takeUntilDestroyed`); either way the SDK aborts its requests and tells the Space to
 * cancel the job, so no GPU time is spent on an answer nobody reads.
 */
@Component({
  selector: 'app-chat-page',
  imports: [JobStatusView],
  templateUrl: './chat-page.html',
  styleUrl: './chat-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChatPage {
  private readonly urls = inject(SPACE_URLS);
  private readonly destroyRef = inject(DestroyRef);
  private running: Subscription | undefined;

  protected readonly draft = signal('');
  protected readonly turns = signal<readonly Turn[]>([]);
  protected readonly job = signal<JobViewModel>(idleViewModel);
  protected readonly busy = computed(() => isRunning(this.job().status));
  /** The conversation with the answer being written, if any. */
  protected readonly shown = computed<readonly Turn[]>(() =>
    this.busy() ? [...this.turns(), { role: 'assistant', content: this.job().text }] : this.turns(),
  );

  constructor() {
    // `/chat?q=…` asks at once. A job must start in the browser only: afterNextRender never
    // runs during server-side rendering, so a prerendered page opens no stream.
    const question = inject(ActivatedRoute).snapshot.queryParamMap.get('q');
    afterNextRender(() => {
      if (question) this.ask(question);
    });
  }

  protected send(): void {
    this.ask(this.draft());
  }

  protected stop(): void {
    // Unsubscribing cancels: the SDK aborts the stream and POSTs the Space's /cancel.
    this.running?.unsubscribe();
    this.running = undefined;
    const partial = this.job().text;
    if (partial !== '') this.turns.update((turns) => [...turns, { role: 'assistant', content: partial, stopped: true }]);
    this.job.set(idleViewModel);
  }

  private ask(text: string): void {
    const prompt = text.trim();
    if (prompt === '' || this.busy()) return;
    const messages: ChatMessage[] = [...this.turns(), { role: 'user', content: prompt }].map(({ role, content }) => ({ role, content }));
    this.turns.update((turns) => [...turns, { role: 'user', content: prompt }]);
    this.draft.set('');

    this.running = qwen25
      .events({ messages, url: this.urls.qwen25 })
      .pipe(toViewModel(), takeUntilDestroyed(this.destroyRef))
      .subscribe((job) => {
        this.job.set(job);
        if (job.status === 'completed') this.turns.update((turns) => [...turns, { role: 'assistant', content: job.text }]);
      });
  }
}
