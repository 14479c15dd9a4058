import { DecimalPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { isGpuQuotaError, type JobStatus as Status, type JobViewModel } from 'gradio-rx';
import { QuotaBanner } from './quota-banner';

/** True while a job is under way (a Stop button makes sense). */
export function isRunning(status: Status): boolean {
  return status === 'starting' || status === 'uploading' || status === 'queued' || status === 'running' || status === 'streaming';
}

/** Where a job stands: queue position, progress, the failure, the quota banner. */
@Component({
  selector: 'app-job-status',
  imports: [DecimalPipe, QuotaBanner],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let state = job();
    @switch (state.status) {
      @case ('starting') {
        <p class="status">Connecting to the Space…</p>
      }
      @case ('uploading') {
        <p class="status">Uploading the image…</p>
      }
      @case ('queued') {
        <p class="status" data-testid="queue-position">
          In queue: {{ (state.position ?? 0) + 1 }}
          @if (state.queueSize !== undefined) {
            of {{ state.queueSize }}
          }
          @if (state.etaSeconds !== undefined) {
            · about {{ state.etaSeconds | number: '1.0-0' }} s
          }
        </p>
      }
      @case ('running') {
        <div class="status" data-testid="progress">
          {{ state.progress?.description ?? 'Running' }}…
          @if (percent(); as value) {
            <progress max="100" [value]="value"></progress> {{ value }} %
          }
        </div>
      }
      @case ('streaming') {
        <p class="status">Answering…</p>
      }
      @case ('completed') {
        <p class="status" data-testid="completed">
          @if (state.durationSeconds !== undefined) {
            Answered in {{ state.durationSeconds | number: '1.1-1' }} s.
          } @else {
            Answered.
          }
        </p>
      }
      @case ('error') {
        <p class="error" role="alert" data-testid="job-error">{{ state.error?.message }}</p>
      }
      @case ('quota') {
        <app-quota-banner
          [retryAfterMs]="state.retryAfterMs ?? 0"
          [requestedSeconds]="requested()"
          [leftSeconds]="left()"
        />
      }
    }
  `,
  styles: `
    .status {
      color: #5b6275;
    }
    .error {
      color: #b3261e;
    }
    progress {
      vertical-align: middle;
    }
  `,
})
export class JobStatusView {
  readonly job = input.required<JobViewModel>();

  protected readonly percent = computed(() => {
    const fraction = this.job().progress?.fraction;
    return fraction === undefined ? undefined : Math.round(fraction * 100);
  });
  protected readonly requested = computed(() => quotaError(this.job())?.requestedSeconds);
  protected readonly left = computed(() => quotaError(this.job())?.leftSeconds);
}

function quotaError(job: JobViewModel) {
  return isGpuQuotaError(job.error) ? job.error : undefined;
}
