/**
 * Gradio's pre- and post-processing of a function's values: State slots, the FileData `meta`
 * check of Gradio ≥ 5.5 (§11.2), input/output counts, absolute file URLs (§11.3), and the Gradio 6
 * chatbot's content blocks (real6/README.md items 2 and 3).
 */
import { chatbot6Input, chatbot6InputIssue, toChatbot6Value } from './chatbot6.js';
import { pythonEquals } from './diff.js';
import type { ServerEnv } from './env.js';
import type { Job } from './queue.js';

/**
 * The arguments of the function: one per input, State inputs replaced by the session's state.
 * Throws (a generic error, hidden unless `showError`) where Gradio's validation would.
 */
export function prepareInputs(job: Job, env: ServerEnv): unknown[] {
  const { inputs } = job.endpoint;
  if (job.data.length < inputs.length) {
    throw new Error(
      `An event handler (${functionName(job)}) didn't receive enough input values (needed: ${inputs.length}, got: ${job.data.length}).\n` +
        'Check if the event handler calls a Javascript function, and make sure its return value is correct.',
    );
  }
  return inputs.map((component, index) => {
    if (component.isState) {
      return job.session.state.has(component.id) ? job.session.state.get(component.id) : structuredClone(component.defaultValue);
    }
    const value = job.data[index];
    if (!env.gradio4 && component.kind.isFile) requireFileMeta(value);
    if (env.gradio6 && component.type === 'chatbot') {
      // Gradio 6 validates a history against its messages model; the reason stays in the
      // server log and the client sees `error: null` (real6/b07e).
      const issue = chatbot6InputIssue(value);
      if (issue !== undefined) throw new Error(`1 validation error for ChatbotDataMessages\n${issue}`);
      return chatbot6Input(value);
    }
    return value;
  });
}

/** Gradio ≥ 5.5 rejects file inputs whose `meta` is missing (§11.2). */
function requireFileMeta(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(requireFileMeta);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const meta = (value as { meta?: { _type?: unknown } }).meta;
  if (meta?._type !== 'gradio.FileData') {
    throw new Error(
      "The 'meta' field must be explicitly provided in the input data and be equal to {'_type': 'gradio.FileData'}.",
    );
  }
}

/** The output values to send, and the ids of State outputs whose value changed. */
export interface PreparedOutputs {
  data: unknown[];
  changedStateIds: number[];
}

/**
 * One value per output: State outputs are stored in the session and sent as `null`, FileData
 * gets an absolute `url`. Too few values is an error, extra values are dropped (as in Gradio).
 */
export function prepareOutputs(job: Job, env: ServerEnv, returned: unknown): PreparedOutputs {
  const { outputs } = job.endpoint;
  let values: unknown[];
  if (Array.isArray(returned)) values = returned;
  else if (returned === undefined && outputs.length === 0) values = [];
  else values = [returned];
  if (values.length < outputs.length) {
    throw new Error(
      `A function (${functionName(job)}) didn't return enough output values (needed: ${outputs.length}, returned: ${values.length}).`,
    );
  }
  const changedStateIds: number[] = [];
  const data = outputs.map((component, index) => {
    const value = values[index];
    if (component.isState) {
      const before = job.session.state.has(component.id) ? job.session.state.get(component.id) : component.defaultValue;
      if (!pythonEquals(before, value)) changedStateIds.push(component.id);
      job.session.state.set(component.id, value);
      return null;
    }
    // Gradio 6's Chatbot.postprocess sends content blocks (real6/b03).
    const shaped = env.gradio6 && component.type === 'chatbot' ? toChatbot6Value(value) : value;
    return withFileUrls(shaped, job.root, env.prefix);
  });
  return { data, changedStateIds };
}

/**
 * A copy of an output value (so later changes by the function do not alter what was sent) with
 * FileData objects in the field order of `data_classes.py` and `url` made absolute.
 */
function withFileUrls(value: unknown, root: string, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withFileUrls(item, root, prefix));
  if (typeof value !== 'object' || value === null) return value;
  // Objects that serialise themselves (Date, …) are sent as they are.
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const record = value as Record<string, unknown>;
  const meta = record['meta'] as { _type?: unknown } | undefined;
  if (meta?._type === 'gradio.FileData' && typeof record['path'] === 'string') {
    const path = record['path'];
    const url = typeof record['url'] === 'string' ? record['url'] : null;
    return {
      path,
      url: url === null ? `${root}${prefix}/file=${path}` : url.startsWith('/') ? `${root}${url}` : url,
      size: record['size'] ?? null,
      orig_name: record['orig_name'] ?? path.split('/').pop() ?? null,
      mime_type: record['mime_type'] ?? null,
      is_stream: record['is_stream'] ?? false,
      meta: { _type: 'gradio.FileData' },
    };
  }
  const copy: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(record)) copy[key] = withFileUrls(member, root, prefix);
  return copy;
}

function functionName(job: Job): string {
  const { apiName, fnIndex } = job.endpoint;
  return apiName === false ? `fn_${fnIndex}` : apiName;
}
