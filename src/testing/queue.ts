/**
 * Gradio's queue (§6, §7): per-session message buffers, one waiting line and a concurrency limit
 * per function, `estimation` ranks, `/cancel`, `/reset` and disconnect semantics.
 */
import type { ResolvedEndpoint } from './app.js';
import { newEventId, type ServerEnv } from './env.js';
import { runJob } from './job.js';
import { cancelledMessage, estimationMessage, processStartsMessage, type ServerMessage } from './messages.js';
import type { CancelRecord } from './types.js';

/** The server side of one `session_hash` (on the `/call` API: of one event, §5.1). */
export interface Session {
  readonly hash: string;
  /** Messages not yet read by a stream. */
  readonly buffer: ServerMessage[];
  /** Joined events whose `process_completed` no stream has read yet. */
  readonly pending: Set<string>;
  /** Values of State components, by component id. */
  readonly state: Map<number, unknown>;
  /** Jobs of this session that are queued or running. */
  readonly jobs: Set<Job>;
  /** Readers waiting for the next message. */
  readonly waiters: Set<() => void>;
}

/** One function call. */
export interface Job {
  readonly eventId: string;
  readonly session: Session;
  readonly endpoint: ResolvedEndpoint;
  readonly data: unknown[];
  readonly headers: Headers;
  /** Public root of the request that created it (for absolute file URLs, §11.3). */
  readonly root: string;
  /** A `/call` job: full values, never diffs (§5.2). */
  readonly simpleFormat: boolean;
  status: 'queued' | 'running' | 'finished';
  readonly controller: AbortController;
  /** False once cancelled or disconnected: its messages are dropped. */
  delivering: boolean;
}

export interface JoinRequest {
  endpoint: ResolvedEndpoint;
  data: unknown[];
  sessionHash?: string;
  headers: Headers;
  root: string;
  simpleFormat: boolean;
}

/** What a reader gets: a message, `'idle'` after the wait elapsed, `'gone'` when the session ended. */
export type TakeResult = ServerMessage | 'idle' | 'gone';

interface Timing {
  total: number;
  count: number;
}

export class FakeQueue {
  readonly sessions = new Map<string, Session>();
  private readonly waiting = new Map<number, Job[]>();
  private readonly running = new Map<number, Set<Job>>();
  /** Whole-event run times per function, for `eta` / `rank_eta`. */
  private readonly eventTimes = new Map<number, Timing>();
  /** Per-call (per generator step) run times per function, for `average_duration`. */
  private readonly stepTimes = new Map<number, Timing>();

  constructor(private readonly env: ServerEnv) {}

  /** Jobs waiting to start, over all functions (what `max_size` limits, §6.1). */
  get waitingCount(): number {
    let count = 0;
    for (const line of this.waiting.values()) count += line.length;
    return count;
  }

  /**
   * Enqueues a job: creates the session buffer if needed and puts the job's `estimation` in it
   * at once (§6.1). The event id becomes the session key when no session hash is given (§5.1).
   */
  join(request: JoinRequest): Job {
    const eventId = newEventId();
    const session = this.sessionFor(request.sessionHash ?? eventId);
    const job: Job = {
      eventId,
      session,
      endpoint: request.endpoint,
      data: request.data,
      headers: request.headers,
      root: request.root,
      simpleFormat: request.simpleFormat,
      status: 'queued',
      controller: new AbortController(),
      delivering: true,
    };
    session.pending.add(eventId);
    session.jobs.add(job);
    const line = this.lineOf(this.waiting, request.endpoint.fnIndex, () => []);
    line.push(job);
    this.deliver(job, this.estimationFor(job, line.length - 1, line.length));
    // A worker picks the job up once the join is done (its estimation comes first), as
    // Gradio's processing loop does.
    queueMicrotask(() => this.schedule(request.endpoint.fnIndex));
    return job;
  }

  /** The session, or undefined when it never joined or was dropped on disconnect. */
  session(hash: string): Session | undefined {
    return this.sessions.get(hash);
  }

  /**
   * `/cancel` (§7.2): stops every running job of `fnIndex` in the session — Gradio cancels the
   * task group `"{session_hash}_{fn_index}"`, not one event — and, if the given event is still
   * pending, puts the synthetic completion in the buffer. A job still waiting is not removed:
   * Gradio 5 runs it later (it is recorded in `cancelled` all the same). Gradio 6 stops or
   * dequeues the given event too, even under a wrong fn_index.
   */
  cancel(sessionHash: string, fnIndex: number, eventId: string): void {
    for (const job of [...(this.running.get(fnIndex) ?? [])]) {
      if (job.session.hash === sessionHash) this.stop(job, 'cancel');
    }
    const session = this.sessions.get(sessionHash);
    if (this.env.gradio6) {
      // Gradio 6 also stops the event itself, whatever fn_index came with it, and takes it out
      // of the queue when it has not started (real6/README.md item 8, §15).
      const target = [...(session?.jobs ?? [])].find((job) => job.eventId === eventId);
      if (target !== undefined) {
        this.stop(target, 'cancel');
        this.schedule(target.endpoint.fnIndex);
      }
    }
    // The targeted job may not have started: it is recorded (the client did cancel it) but stays queued.
    for (const job of session?.jobs ?? []) {
      if (job.eventId === eventId && job.status === 'queued') this.record(job, 'cancel');
    }
    if (session?.pending.has(eventId)) this.push(session, cancelledMessage(this.env.style, eventId));
    this.schedule(fnIndex);
  }

  /**
   * The session's stream went away (§7.3): its running jobs stop, its waiting jobs leave the
   * queue, and its buffer is deleted.
   */
  disconnect(sessionHash: string): void {
    const session = this.sessions.get(sessionHash);
    if (session === undefined) return;
    const functions = new Set<number>();
    for (const job of [...session.jobs]) {
      functions.add(job.endpoint.fnIndex);
      this.stop(job, 'disconnect');
    }
    this.sessions.delete(sessionHash);
    this.wake(session);
    for (const fnIndex of functions) this.schedule(fnIndex);
  }

  /**
   * The next message of the session, waiting at most `waitMs` for one. Each message goes to one
   * reader only, as in Gradio.
   */
  async take(session: Session, waitMs: number): Promise<TakeResult> {
    for (;;) {
      if (this.env.closed || this.sessions.get(session.hash) !== session) return 'gone';
      const message = session.buffer.shift();
      if (message !== undefined) return message;
      const woken = await new Promise<boolean>((resolve) => {
        const waiter = (): void => {
          cancelTimer();
          session.waiters.delete(waiter);
          resolve(true);
        };
        const cancelTimer = this.env.timers.after(Math.max(0, waitMs), () => {
          session.waiters.delete(waiter);
          resolve(false);
        });
        session.waiters.add(waiter);
      });
      if (!woken) return 'idle';
    }
  }

  /** Stops everything: running functions are aborted, readers released. */
  close(): void {
    for (const session of this.sessions.values()) {
      for (const job of session.jobs) {
        job.delivering = false;
        job.status = 'finished';
        job.controller.abort(new DOMException('The fake Gradio server was closed.', 'AbortError'));
      }
      session.jobs.clear();
      this.wake(session);
    }
    this.waiting.clear();
    this.running.clear();
  }

  /** Puts a job's message in its session buffer, unless the job was stopped. */
  deliver(job: Job, message: ServerMessage): void {
    if (!job.delivering || this.sessions.get(job.session.hash) !== job.session) return;
    this.push(job.session, message);
  }

  /** Average per-call run time of a function after recording one more, in seconds. */
  recordStep(fnIndex: number, seconds: number): number {
    const timing = this.lineOf(this.stepTimes, fnIndex, () => ({ total: 0, count: 0 }));
    timing.total += seconds;
    timing.count += 1;
    return timing.total / timing.count;
  }

  private push(session: Session, message: ServerMessage): void {
    session.buffer.push(message);
    this.wake(session);
  }

  private wake(session: Session): void {
    for (const waiter of [...session.waiters]) waiter();
  }

  private sessionFor(hash: string): Session {
    let session = this.sessions.get(hash);
    if (session === undefined) {
      session = { hash, buffer: [], pending: new Set(), state: new Map(), jobs: new Set(), waiters: new Set() };
      this.sessions.set(hash, session);
    }
    return session;
  }

  /** Starts waiting jobs while the function has free slots; the rest learn their new rank. */
  private schedule(fnIndex: number): void {
    if (this.env.closed) return;
    const line = this.waiting.get(fnIndex);
    if (line === undefined || line.length === 0) return;
    const active = this.lineOf(this.running, fnIndex, () => new Set<Job>());
    let started = false;
    while (line.length > 0 && active.size < (line[0]?.endpoint.concurrencyLimit ?? 1)) {
      const job = line.shift();
      if (job === undefined) break;
      active.add(job);
      started = true;
      this.start(job);
    }
    if (started) {
      line.forEach((job, rank) => this.deliver(job, this.estimationFor(job, rank, line.length)));
    }
  }

  private start(job: Job): void {
    job.status = 'running';
    this.deliver(job, processStartsMessage(job.eventId, this.averageEventTime(job.endpoint.fnIndex)));
    const startedAt = performance.now();
    void runJob(job, this.env, this).then(() => {
      if (job.status === 'finished') return;
      const timing = this.lineOf(this.eventTimes, job.endpoint.fnIndex, () => ({ total: 0, count: 0 }));
      timing.total += (performance.now() - startedAt) / 1000;
      timing.count += 1;
      this.finish(job);
    });
  }

  /**
   * `/reset` of Gradio before 4.31, which had no `/cancel` (gradio 4.2x routes.py
   * `reset_iterator`): an event whose generator has started is stopped at its next step and its
   * later messages are dropped (`clean_events(event_id=…)`); any other event is left as it is
   * and the answer says `success: false`. Nothing is put in the session's buffer, so on sse_v3
   * the stream stays open (its `close_stream` waits for a completion that never comes) until
   * the client goes away.
   */
  reset(eventId: string): boolean {
    for (const jobs of this.running.values()) {
      for (const job of jobs) {
        if (job.eventId !== eventId || !job.endpoint.generator) continue;
        this.stop(job, 'reset');
        this.schedule(job.endpoint.fnIndex);
        return true;
      }
    }
    return false;
  }

  private finish(job: Job): void {
    job.status = 'finished';
    job.session.jobs.delete(job);
    this.running.get(job.endpoint.fnIndex)?.delete(job);
    this.schedule(job.endpoint.fnIndex);
  }

  private stop(job: Job, via: CancelRecord['via']): void {
    if (job.status === 'finished') return;
    const wasQueued = job.status === 'queued';
    job.delivering = false;
    job.status = 'finished';
    job.session.jobs.delete(job);
    const line = this.waiting.get(job.endpoint.fnIndex);
    if (line !== undefined && line.includes(job)) line.splice(line.indexOf(job), 1);
    this.running.get(job.endpoint.fnIndex)?.delete(job);
    this.record(job, via);
    if (!wasQueued) job.controller.abort(new DOMException(`The job was stopped by ${via}.`, 'AbortError'));
  }

  private record(job: Job, via: CancelRecord['via']): void {
    this.env.cancelled.push({ eventId: job.eventId, fnIndex: job.endpoint.fnIndex, sessionHash: job.session.hash, via });
  }

  private estimationFor(job: Job, rank: number, queueSize: number): ServerMessage {
    const average = this.averageEventTime(job.endpoint.fnIndex);
    return estimationMessage(job.eventId, rank, queueSize, average === null ? null : average * (rank + 1));
  }

  private averageEventTime(fnIndex: number): number | null {
    const timing = this.eventTimes.get(fnIndex);
    return timing === undefined || timing.count === 0 ? null : timing.total / timing.count;
  }

  private lineOf<T>(map: Map<number, T>, key: number, create: () => T): T {
    let value = map.get(key);
    if (value === undefined) {
      value = create();
      map.set(key, value);
    }
    return value;
  }
}
