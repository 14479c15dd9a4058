/**
 * Reads the wire transcripts of the protocol spec (copies in test/fixtures/spec) as
 * lists of `/queue/data` messages, for fixture-based tests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GeneratingEvent, GradioEvent } from '../../src/events.js';
import { specFixtures as specDirectory } from './fixturePaths.js';
import type { DiffOp, QueueMessage, SuccessOutput } from '../../src/protocol.js';


/**
 * The `/queue/data` messages of a transcript, in file order: every `data: {…}` line whose
 * JSON has a `msg` field.
 *
 * @param fileName path inside test/fixtures/spec, e.g. `'transcripts/queue-v3-streaming-diffs.txt'`
 *   or `'real/a14_queue_generate_data.txt'`.
 */
export function readTranscriptMessages(fileName: string): QueueMessage[] {
  const text = readFileSync(fileURLToPath(new URL(fileName, specDirectory)), 'utf8');
  const messages: QueueMessage[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const parsed: unknown = JSON.parse(line.slice('data: '.length));
    if (typeof parsed === 'object' && parsed !== null && typeof (parsed as { msg?: unknown }).msg === 'string') {
      messages.push(parsed as QueueMessage);
    }
  }
  return messages;
}

/**
 * The `generating` and successful `completed` events of already diff-applied messages (the
 * output of `applyDiffs()`), mapped the way the queue reader maps them (§6.3). Test-only: the
 * real mapping lives with the queue operators.
 */
export function toOutputEvents(messages: readonly QueueMessage[]): GradioEvent[] {
  const events: GradioEvent[] = [];
  for (const message of messages) {
    const eventId = message.event_id ?? '';
    if (message.msg === 'process_generating') {
      const event: GeneratingEvent = { type: 'generating', eventId, data: message.output.data };
      const edits = (message as { edits?: DiffOp[][] }).edits;
      if (edits !== undefined) event.edits = edits;
      events.push(event);
    } else if (message.msg === 'process_completed' && 'data' in message.output) {
      events.push({ type: 'completed', eventId, data: (message.output as SuccessOutput).data });
    }
  }
  return events;
}
