/**
 * `@gradio/client` 2.7.0 as its README shows it: `Client.connect(url)`, `client.submit()`,
 * and a `for await` over the job's events (its default: `data` events only, the cheapest
 * setting). One client = one session, pinned to the bench session hash.
 */
import { Client } from '@gradio/client';
import { apiName } from '../scenarios.js';
import { type BenchClient, benchPrompt, type EventSink } from './types.js';

export function createClient(): BenchClient {
  let client: Client | undefined;

  const follow = async (job: number, sink: EventSink): Promise<void> => {
    let length = 0;
    let completed = false;
    for await (const message of client!.submit(`/${apiName}`, [benchPrompt])) {
      if (message.type !== 'data') continue;
      sink.event(job);
      const text = message.data[0] as string;
      if (sink.wantsDeltas) {
        if (text.length > length) sink.delta(job, text.slice(length));
      } else {
        // The length alone: slicing would flatten its ever-growing concatenated string.
        sink.textLength(job, text.length);
      }
      length = text.length;
      completed = true;
    }
    if (!completed) throw new Error(`@gradio/client: job ${job} ended without data`);
  };

  return {
    async connect(url, sessionHash) {
      client = await Client.connect(url, { session_hash: sessionHash, events: ['data'] });
    },
    async submit(jobs, sink) {
      await Promise.all(Array.from({ length: jobs }, (_, job) => follow(job, sink)));
    },
    close() {
      client?.close();
    },
  };
}
