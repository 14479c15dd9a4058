import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { idleViewModel, toViewModel } from 'gradio-rx';
import { qwenQvq72b } from 'gradio-rx/spaces';
import { isRunning, JobStatusView } from '../common/job-status';
import { SPACE_URLS } from '../spaces';

/** A question about one image. */
interface Question {
  image: File;
  text: string;
}

/**
 * Asks the QVQ-72B Space about an image. The answer is an `rxResource` whose params are the
 * question being asked: a new question unsubscribes from the previous job (cancelling it on
 * the Space), and leaving the page destroys the resource, which cancels too. Stop sets a local
 * value: that aborts the running load. (Setting the params back to `undefined` would not: the
 * resource turns idle but, as of Angular 22.2, keeps the old stream subscribed.) The SDK
 * uploads the image before the job starts.
 */
@Component({
  selector: 'app-vision-page',
  imports: [JobStatusView],
  templateUrl: './vision-page.html',
  styleUrl: './vision-page.css',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class VisionPage {
  private readonly urls = inject(SPACE_URLS);

  protected readonly image = signal<File | undefined>(undefined);
  protected readonly preview = signal<string | undefined>(undefined);
  protected readonly text = signal('What is in this image?');
  private readonly asked = signal<Question | undefined>(undefined);

  protected readonly answer = rxResource({
    params: () => this.asked(),
    stream: ({ params }) =>
      qwenQvq72b
        .events({
          messages: [{ role: 'user', content: params.text }],
          media: [[params.image, params.image.name]],
          url: this.urls.qvq,
        })
        .pipe(toViewModel()),
    defaultValue: idleViewModel,
  });
  protected readonly busy = computed(() => this.answer.hasValue() && isRunning(this.answer.value().status));
  /** A value set by Stop (the resource's `local` status), rather than one from the Space. */
  protected readonly stopped = computed(() => this.answer.status() === 'local');

  constructor() {
    inject(DestroyRef).onDestroy(() => this.showPreview(undefined));
  }

  protected pick(input: HTMLInputElement): void {
    const file = input.files?.[0];
    this.image.set(file);
    this.showPreview(file);
  }

  protected ask(): void {
    const image = this.image();
    if (image !== undefined) this.asked.set({ image, text: this.text().trim() || 'What is in this image?' });
  }

  protected stop(): void {
    // `set()` aborts the resource's load: rxResource unsubscribes, and the SDK cancels the job.
    this.answer.set({ ...idleViewModel, text: this.answer.value().text });
  }

  private showPreview(file: File | undefined): void {
    const previous = this.preview();
    if (previous !== undefined) URL.revokeObjectURL(previous);
    this.preview.set(file === undefined ? undefined : URL.createObjectURL(file));
  }
}
