/**
 * How the demos put a job's events into words: one line per waiting state, the clock of a
 * retry time, and the summary after an answer. Pure and browser-safe: the terminal demo and
 * the web page both use it.
 */
import type { GradioEvent, ProgressUnit } from '../../src/index.js';

/**
 * A duration as a clock: `m:ss` under an hour, `h:mm:ss` beyond. Rounds up, so a countdown
 * shows `0:01` until the time has really passed.
 *
 * @example
 * ```ts
 * formatClock(90_000); // '1:30'
 * formatClock(3_723_000); // '1:02:03'
 * ```
 */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** Seconds with one decimal: `1.2 s`. */
export function formatSeconds(seconds: number): string {
  return `${seconds.toFixed(1)} s`;
}

/**
 * One progress unit in words: `Reading the prompt 2/4 steps`, `Loading 40%`. `index` counts
 * what is done, as tqdm's `n` (spec §6.3).
 */
export function progressText(unit: ProgressUnit): string {
  const name = unit.desc ?? 'working';
  const unitName = unit.unit === null ? '' : ` ${unit.unit}`;
  if (unit.index !== null && unit.length !== null) return `${name} ${unit.index}/${unit.length}${unitName}`;
  if (unit.progress !== null) return `${name} ${Math.round(unit.progress * 100)}%`;
  if (unit.index !== null) return `${name} ${unit.index}${unitName}`;
  return name;
}

/**
 * What a waiting job is doing, as one line, for the events that come before the answer:
 * `Space building: Qwen/Qwen2.5 is building`, `queued: position 2 of 2 · eta 1.4 s`, `started · eta 0.9 s`, `Reading the prompt 2/4 steps`,
 * `uploading cat.png (2.1 kB)`. `undefined` for the other events.
 */
export function statusText(event: GradioEvent): string | undefined {
  switch (event.type) {
    case 'space-status':
      return `Space ${event.stage}${event.message === undefined ? '' : `: ${event.message}`}`;
    case 'uploading':
      return `uploading ${event.files.map((file) => `${file.name} (${formatBytes(file.size)})`).join(', ')}`;
    case 'uploaded':
      return `uploaded ${event.files.length} file${event.files.length === 1 ? '' : 's'}`;
    case 'queued': {
      const parts = ['queued'];
      if (event.position !== undefined) {
        const of = event.queueSize === undefined ? '' : ` of ${event.queueSize}`;
        parts[0] = `queued: position ${event.position + 1}${of}`;
      }
      if (event.etaSeconds !== undefined) parts.push(`eta ${formatSeconds(event.etaSeconds)}`);
      return parts.join(' · ');
    }
    case 'started':
      return event.etaSeconds === undefined ? 'started' : `started · eta ${formatSeconds(event.etaSeconds)}`;
    case 'progress':
      return event.progress.map(progressText).join(' · ');
    case 'log':
      return `${event.level}: ${event.message}`;
    default:
      return undefined;
  }
}

/** Bytes for people: `512 B`, `2.1 kB`, `3.4 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}
