/**
 * The floor: what any client must at least do, with no framework. fetch, split the body on
 * blank lines, `JSON.parse` each message, route it by event id, apply the `append` edits by
 * hand. No error handling beyond failing loudly: it only has to be correct on the bench
 * server's bytes, which follow Gradio 5's (LF line endings, one `data:` line per event).
 */
import { apiName } from '../scenarios.js';
import { type BenchClient, benchPrompt } from './types.js';

export interface QueueMessage {
  msg: string;
  event_id: string | null;
  output?: { data: unknown[] };
}

/** One job in flight on the session stream. */
interface JobState {
  job: number;
  text: string;
  started: boolean;
  done: () => void;
}

export function createClient(): BenchClient {
  let prefix = '';
  let session = '';

  return {
    async connect(url, sessionHash) {
      prefix = await prefixOf(url);
      session = sessionHash;
    },

    async submit(jobs, sink) {
      const byId = new Map<string, JobState>();
      const early = new Map<string, QueueMessage[]>();
      let streamOpened: Promise<void> | undefined;

      const handle = (message: QueueMessage): void => {
        const id = message.event_id;
        if (id === null) return; // close_stream, heartbeat
        const state = byId.get(id);
        if (state === undefined) {
          // Arrived before its join answer: keep it for later.
          const queue = early.get(id) ?? [];
          queue.push(message);
          early.set(id, queue);
          return;
        }
        if (message.msg === 'process_generating') {
          sink.event(state.job);
          const data = message.output!.data;
          if (!state.started) {
            state.started = true;
            state.text = data[0] as string;
            sink.delta(state.job, state.text);
            return;
          }
          for (const [op, path, value] of data[0] as [string, unknown[], string][]) {
            if (op !== 'append' || path.length !== 0) throw new Error(`floor: unexpected edit ${op}`);
            state.text += value;
            sink.delta(state.job, value);
          }
        } else if (message.msg === 'process_completed') {
          sink.event(state.job);
          const text = message.output!.data[0] as string;
          if (text.length > state.text.length) sink.delta(state.job, text.slice(state.text.length));
          byId.delete(id);
          state.done();
        }
      };

      const openStream = async (): Promise<void> => {
        await readFrames(await openQueueStream(prefix, session), (frame) => handle(JSON.parse(frame.slice(6)) as QueueMessage));
      };

      const runJob = async (job: number): Promise<void> => {
        const id = await joinQueue(prefix, session);
        const finished = new Promise<void>((resolve) => byId.set(id, { job, text: '', started: false, done: resolve }));
        for (const message of early.get(id) ?? []) handle(message);
        early.delete(id);
        streamOpened ??= openStream();
        await finished;
      };

      const all = Promise.all(Array.from({ length: jobs }, (_, job) => runJob(job)));
      await all;
      await streamOpened;
    },

    async call(sink) {
      const { stream } = await startCall(prefix);
      let length = 0;
      let completed = false;
      await readFrames(stream, (frame) => {
        // "event: NAME\ndata: JSON"
        const newline = frame.indexOf('\n');
        const name = frame.slice(7, newline);
        if (name !== 'generating' && name !== 'complete') return;
        sink.event(0);
        const text = (JSON.parse(frame.slice(newline + 7)) as string[])[0]!;
        if (text.length > length) sink.delta(0, text.slice(length));
        length = text.length;
        if (name === 'complete') completed = true;
      });
      if (!completed) throw new Error('floor: the /call stream ended without complete');
    },

    close() {},
  };
}

/** The app's API root (`{url}{api_prefix}`), from its `/config`. */
export async function prefixOf(url: string): Promise<string> {
  const config = (await (await fetch(`${url}/config`)).json()) as { api_prefix?: string };
  return `${url}${config.api_prefix ?? ''}`;
}

/** Joins the queue in `session` with the bench prompt; resolves with the job's event id. */
export async function joinQueue(prefix: string, session: string): Promise<string> {
  const response = await fetch(`${prefix}/queue/join`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: [benchPrompt], event_data: null, fn_index: 0, trigger_id: 3, session_hash: session }),
  });
  return ((await response.json()) as { event_id: string }).event_id;
}

/** Opens the session's `/queue/data` stream. */
export function openQueueStream(prefix: string, session: string): Promise<Response> {
  return fetch(`${prefix}/queue/data?session_hash=${session}`, { headers: { accept: 'text/event-stream' } });
}

/** Starts a `/call` job with the bench prompt and opens its stream. */
export async function startCall(prefix: string): Promise<{ id: string; stream: Response }> {
  const response = await fetch(`${prefix}/call/${apiName}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: [benchPrompt] }),
  });
  const { event_id: id } = (await response.json()) as { event_id: string };
  return { id, stream: await fetch(`${prefix}/call/${apiName}/${id}`, { headers: { accept: 'text/event-stream' } }) };
}

/** Reads an SSE body and calls `onFrame` with each event's text (without its blank line). */
export async function readFrames(response: Response, onFrame: (frame: string) => void): Promise<void> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let start = 0;
    for (let end = buffer.indexOf('\n\n'); end !== -1; end = buffer.indexOf('\n\n', start)) {
      onFrame(buffer.slice(start, end));
      start = end + 2;
    }
    buffer = buffer.slice(start);
  }
}
