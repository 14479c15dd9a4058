/**
 * The floor under the user's RxJS pipeline: the floor's transport (fetch, frames split by
 * hand, `JSON.parse`, routing by event id, `append` edits applied by hand), whose jobs reach
 * the user as gradio-rx events through the very pipeline of the gradio-rx client (`tap`
 * counting data events, then `textDeltas()`, see gradioRx.ts). What it costs over the floor is
 * what that pipeline costs, which any client followed this way pays; what gradio-rx costs over
 * it is gradio-rx's own work (its transport, its job follower, typed errors, cancellation).
 *
 * The requests are floor.ts's own; the reading and routing of messages is written out here
 * rather than shared: the floor is the reference of every target, so its per-message code
 * stays as it is, without a hook.
 */
import { Observable, type Subscriber } from 'rxjs';
import type { DiffOp, GradioEvent } from '../../src/index.js';
import { joinQueue, openQueueStream, prefixOf, type QueueMessage, readFrames, startCall } from './floor.js';
import { followText } from './gradioRx.js';
import type { BenchClient } from './types.js';

/** One job in flight on the session stream: where its events go, and its text so far. */
interface JobState {
  events: Subscriber<GradioEvent>;
  text: string;
  started: boolean;
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
          const data = message.output!.data;
          if (!state.started) {
            state.started = true;
            state.text = data[0] as string;
            state.events.next({ type: 'generating', eventId: id, data: [state.text] });
            return;
          }
          for (const [op, path, value] of data[0] as [string, unknown[], string][]) {
            if (op !== 'append' || path.length !== 0) throw new Error(`floor-rx: unexpected edit ${op}`);
            state.text += value;
          }
          state.events.next({ type: 'generating', eventId: id, data: [state.text], edits: data as DiffOp[][] });
        } else if (message.msg === 'process_completed') {
          byId.delete(id);
          state.events.next({ type: 'completed', eventId: id, data: message.output!.data });
          state.events.complete();
        }
      };

      const openStream = async (): Promise<void> => {
        await readFrames(await openQueueStream(prefix, session), (frame) => handle(JSON.parse(frame.slice(6)) as QueueMessage));
      };

      const runJob = async (job: number): Promise<void> => {
        const id = await joinQueue(prefix, session);
        const events$ = new Observable<GradioEvent>((events) => {
          byId.set(id, { events, text: '', started: false });
          for (const message of early.get(id) ?? []) handle(message);
          early.delete(id);
          streamOpened ??= openStream();
        });
        await followText(events$, job, sink);
      };

      await Promise.all(Array.from({ length: jobs }, (_, job) => runJob(job)));
      await streamOpened;
    },

    async call(sink) {
      const { id, stream } = await startCall(prefix);
      const events$ = new Observable<GradioEvent>((events) => {
        readFrames(stream, (frame) => {
          // "event: NAME\ndata: JSON"
          const newline = frame.indexOf('\n');
          const name = frame.slice(7, newline);
          if (name !== 'generating' && name !== 'complete') return;
          const data = JSON.parse(frame.slice(newline + 7)) as unknown[];
          events.next(name === 'generating' ? { type: 'generating', eventId: id, data } : { type: 'completed', eventId: id, data });
          if (name === 'complete') events.complete();
        }).then(
          () => events.error(new Error('floor-rx: the /call stream ended without complete')),
          (error: unknown) => events.error(error),
        );
      });
      await followText(events$, 0, sink);
    },

    close() {},
  };
}
