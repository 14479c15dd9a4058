/**
 * One `/queue/data?session_hash=` stream shared by every job of a Gradio session
 * (protocols sse_v1..sse_v3, §6 of the protocol spec).
 *
 * - Opened when the first job listens, kept while any job listens or joins, closed a short
 *   grace period after the last one leaves; reopened when a job still waits after the server
 *   closed it (`close_stream` racing a new join, §6.5).
 * - Messages are routed by `event_id`. Messages for an id nobody listens to yet are buffered
 *   (the join response may arrive after the job's first messages, §6.4); ids of finished or
 *   cancelled jobs are retired and their late messages dropped.
 * - A failure of the stream (network error, EOF while jobs wait, `unexpected_error`, idle
 *   timeout) fails every job listening on it, each with a typed error.
 */
import { GradioError, isAbort } from '../errors.js';
import { urlWithoutQuery } from '../urlWithoutQuery.js';
import type { QueueMessage } from '../protocol.js';
import type { Http } from './http.js';
import { IdleWatchdog } from './idleWatchdog.js';
import { readEventStream } from './sse.js';

export interface SessionStreamOptions {
  http: Http;
  /** Full URL of `{prefix}/queue/data?session_hash=…`. */
  url: string;
  /** Fail the listeners when nothing (not even a heartbeat) arrived for this long. */
  idleTimeoutMs: number;
  /** How long an unused stream stays open for the next job. */
  graceMs: number;
  /** sse_v3 servers announce the end of a stream with `close_stream`. */
  closesExplicitly: boolean;
}

/**
 * Receives the messages of one job (see {@link SessionStream.follow}): a plain pair of
 * callbacks rather than an Observable, so a message costs one call, not a subscriber chain.
 */
export interface StreamListener {
  next(message: QueueMessage): void;
  /** The stream failed (a typed error); the last call this listener gets. */
  error(error: GradioError): void;
}

/** Bounds of the buffer for messages whose job is not known yet. */
const maxEarlyIds = 256;
const maxEarlyMessagesPerId = 10_000;
const maxRetiredIds = 4096;
const maxEmptyReopens = 3;
/** Attempts to open the stream that got no answer at all, in a row, before the listeners fail. */
const maxConnectRetries = 3;

export class SessionStream {
  readonly #options: SessionStreamOptions;
  readonly #listeners = new Map<string, StreamListener>();
  readonly #early = new Map<string, QueueMessage[]>();
  readonly #retired = new Set<string>();
  #joining = 0;
  /** Consecutive connections that ended without a message for any job (guards a reopen loop). */
  #emptyReopens = 0;
  /** Consecutive attempts to open the stream that failed before any answer. */
  #failedConnects = 0;
  #connection: AbortController | undefined;
  #graceTimer: ReturnType<typeof setTimeout> | undefined;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SessionStreamOptions) {
    this.#options = options;
  }

  /** Whether a connection is open or being opened. */
  get isOpen(): boolean {
    return this.#connection !== undefined;
  }

  /**
   * Announces a join in flight so the stream stays open (and buffers) for its messages.
   * Returns the function that ends the announcement.
   */
  expectJoin(): () => void {
    this.#joining++;
    this.#cancelGrace();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#joining--;
      this.#scheduleCloseIfUnused();
    };
  }

  /**
   * Hands the messages of one job to `listener`, in arrival order, starting with those buffered
   * before the caller knew its event id. Calls `listener.error` with a `GradioError` when the
   * stream fails; never ends by itself (the caller stops at the job's terminal message).
   * Returns the function that stops listening (idempotent).
   */
  follow(eventId: string, listener: StreamListener): () => void {
    this.#cancelGrace();
    this.#listeners.set(eventId, listener);
    const early = this.#early.get(eventId);
    this.#early.delete(eventId);
    if (early !== undefined) for (const message of early) listener.next(message);
    this.#ensureOpen();
    let following = true;
    return () => {
      if (!following) return;
      following = false;
      if (this.#listeners.get(eventId) === listener) this.#listeners.delete(eventId);
      // Nobody left to open the stream for: a pending retry would only outlive its jobs.
      if (this.#listeners.size === 0) this.#cancelRetry();
      this.#scheduleCloseIfUnused();
    };
  }

  /** Drops every present and future message of a job that is over for us. */
  retire(eventId: string): void {
    this.#early.delete(eventId);
    this.#retired.add(eventId);
    if (this.#retired.size > maxRetiredIds) {
      const oldest = this.#retired.values().next().value;
      if (oldest !== undefined) this.#retired.delete(oldest);
    }
  }

  /** Closes the connection now and fails nobody (used when the app is disposed). */
  close(): void {
    this.#cancelGrace();
    this.#cancelRetry();
    this.#connection?.abort();
    this.#connection = undefined;
  }

  #ensureOpen(): void {
    if (this.#connection !== undefined || this.#listeners.size === 0) return;
    const controller = new AbortController();
    this.#connection = controller;
    void this.#run(controller);
  }

  async #run(controller: AbortController): Promise<void> {
    const { http, url, idleTimeoutMs } = this.#options;
    let closedByServer = false;
    let delivered = false;
    const watchdog = new IdleWatchdog(idleTimeoutMs, () => {
      this.#fail(new GradioError({ type: 'timeout', message: `GET ${urlWithoutQuery(url)}: no data or heartbeat for ${idleTimeoutMs} ms` }), controller);
    });
    let answered = false;
    // A flag rather than `signal.aborted` per message: the getter is not free at 100k messages/s.
    let aborted = false;
    controller.signal.addEventListener('abort', () => (aborted = true), { once: true });
    try {
      watchdog.start();
      const response = await http.openStream(url, { signal: controller.signal, endpoint: 'queue/data' });
      answered = true;
      this.#failedConnects = 0;
      if (response.body === null) throw new GradioError({ type: 'protocol', message: `GET ${urlWithoutQuery(url)}: empty response body` });
      await readEventStream(
        response.body,
        (data) => {
          if (aborted) return;
          const message = parseMessage(data);
          if (message === undefined) return;
          if (message.msg === 'close_stream') closedByServer = true;
          else if (message.event_id !== null) delivered = true;
          this.#dispatch(message, controller);
        },
        { signal: controller.signal, onBytes: () => watchdog.touch() },
      );
      if (controller.signal.aborted) return;
      this.#connection = undefined;
      if (this.#listeners.size === 0) return;
      this.#emptyReopens = delivered ? 0 : this.#emptyReopens + 1;
      if ((closedByServer || !this.#options.closesExplicitly) && this.#emptyReopens <= maxEmptyReopens) {
        // The server closed while a job of ours still waits: its messages sit in the
        // server-side buffer of the session, so read them on a new connection. Only for a job
        // the server still has pending: a stream we open for a session with nothing pending
        // and drop later is read on the server until it notices (Gradio checks between
        // messages), and that dead reader takes the session's next messages. So a follower
        // stops listening as soon as its job's completion arrives (see followQueueJob).
        this.#ensureOpen();
      } else {
        this.#failAll(new GradioError({ type: 'network', message: `GET ${urlWithoutQuery(url)}: the stream ended before the job completed` }));
      }
    } catch (error) {
      if (controller.signal.aborted || isAbort(error)) return;
      if (!answered && error instanceof GradioError && error.type === 'network' && this.#failedConnects < maxConnectRetries) {
        // No answer at all (a keep-alive socket the server had just closed, a restart): the
        // server saw no stream, so it still buffers the session's messages (§6.2), and every
        // job waiting here would fail for nothing. Try again shortly, a few times.
        this.#retryConnect(controller);
        return;
      }
      this.#fail(
        error instanceof GradioError
          ? error
          : new GradioError({ type: 'network', message: `GET ${urlWithoutQuery(url)}: the stream broke`, cause: error }),
        controller,
      );
    } finally {
      watchdog.stop();
    }
  }

  #dispatch(message: QueueMessage, controller: AbortController): void {
    const id = message.event_id;
    if (id === null || id === undefined) {
      if (message.msg === 'unexpected_error') {
        const text = typeof message.message === 'string' && message.message.trim() !== '' ? message.message : 'unexpected error';
        const lost = message.session_not_found === true || /stopped/i.test(text);
        this.#fail(
          new GradioError({
            type: lost ? 'session-lost' : 'protocol',
            message: `The server ended the session stream: ${text}`,
          }),
          controller,
        );
      }
      return; // heartbeat, close_stream: stream-level only
    }
    const listener = this.#listeners.get(id);
    if (listener !== undefined) {
      listener.next(message);
      return;
    }
    if (this.#retired.has(id)) return;
    let queue = this.#early.get(id);
    if (queue === undefined) {
      // Every join in flight may have messages here before its answer: never evict theirs for
      // ids that nobody may ever claim.
      if (this.#early.size >= maxEarlyIds + this.#joining) {
        const oldest = this.#early.keys().next().value;
        if (oldest !== undefined) this.#early.delete(oldest);
      }
      queue = [];
      this.#early.set(id, queue);
    }
    if (queue.length < maxEarlyMessagesPerId) queue.push(message);
  }

  /** Opens the stream again after 50, 200, 800 ms, if someone still listens then. */
  #retryConnect(controller: AbortController): void {
    if (this.#connection === controller) this.#connection = undefined;
    const delayMs = 50 * 4 ** this.#failedConnects;
    this.#failedConnects++;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#ensureOpen();
    }, delayMs);
  }

  /** Fails the listeners of this connection and tears it down. */
  #fail(error: GradioError, controller: AbortController): void {
    if (this.#connection === controller) this.#connection = undefined;
    controller.abort();
    this.#failAll(error);
  }

  #failAll(error: GradioError): void {
    const listeners = [...this.#listeners.values()];
    this.#listeners.clear();
    for (const listener of listeners) listener.error(error);
  }

  #scheduleCloseIfUnused(): void {
    if (this.#listeners.size > 0 || this.#joining > 0 || this.#connection === undefined) return;
    this.#cancelGrace();
    this.#graceTimer = setTimeout(() => {
      this.#graceTimer = undefined;
      if (this.#listeners.size === 0 && this.#joining === 0) this.close();
    }, this.#options.graceMs);
  }

  #cancelRetry(): void {
    if (this.#retryTimer === undefined) return;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    this.#failedConnects = 0;
  }

  #cancelGrace(): void {
    clearTimeout(this.#graceTimer);
    this.#graceTimer = undefined;
  }
}

function parseMessage(data: string): QueueMessage | undefined {
  try {
    const value: unknown = JSON.parse(data);
    if (typeof value === 'object' && value !== null && typeof (value as { msg?: unknown }).msg === 'string') return value as QueueMessage;
  } catch {
    // A non-JSON line (a proxy's keep-alive, a truncated line) says nothing about any job.
  }
  return undefined;
}
