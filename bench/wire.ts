/**
 * The bytes the lean bench server sends, shaped like Gradio 5.49.1's (see
 * test/fixtures/spec/real/a01_get_config.txt, a02_get_info.txt, a14_queue_generate_data.txt and
 * transcripts/call-generating-complete.txt, queue-v3-streaming-diffs.txt). Pure: strings only.
 */
import { apiName } from './scenarios.js';

/** The text of event `index` (0-based): 8 unique ASCII characters that JSON never escapes. */
export function chunkText(index: number, width: number): string {
  return String(index).padStart(width - 1, '0').slice(-(width - 1)) + ' ';
}

/** A paced event's text: the server's write time (ms, 3 decimals) and `;`, fixed width. */
export function timestampText(epochMs: number): string {
  return `${epochMs.toFixed(3).padStart(17, '0')};`;
}

/** Reads a write time back from a paced event's text (the text of one event or several). */
export function parseTimestamps(text: string): number[] {
  return text
    .split(';')
    .filter((part) => part !== '')
    .map(Number);
}

/** 32 hex characters like Gradio's event ids, deterministic per index. */
export function eventIdOf(index: number): string {
  return `be${index.toString(16).padStart(6, '0')}${'f'.repeat(24)}`;
}

/**
 * `GET /config` of a Gradio 5 app with one generator endpoint `/generate`: a Textbox input
 * (component 1), a Textbox output (component 2) and its Button (component 3). Enough for
 * `@gradio/client` 2.7.0 (it reads `page`, `components`, `dependencies`, `root`, `api_prefix`,
 * `protocol`) and `connect_heartbeat: false` so it opens no heartbeat stream.
 */
export function configJson(root: string): string {
  const textbox = (id: number, label: string) => ({
    id,
    type: 'textbox',
    props: { label, show_label: true, lines: 1, max_lines: 20, value: '', visible: true, name: 'textbox', _selectable: false },
    skip_api: false,
    component_class_id: 'bench-textbox',
    key: null,
    api_info: { type: 'string' },
    api_info_as_input: { type: 'string' },
    api_info_as_output: { type: 'string' },
    example_inputs: 'Hello!!',
  });
  const config = {
    version: '5.49.1',
    api_prefix: '/gradio_api',
    mode: 'blocks',
    app_id: 7437681072062300328n.toString(), // kept as a string here: JSON.stringify has no bigint
    dev_mode: false,
    analytics_enabled: false,
    components: [
      textbox(1, 'Prompt'),
      textbox(2, 'Answer'),
      { id: 3, type: 'button', props: { value: 'Run', variant: 'secondary', visible: true, name: 'button' }, skip_api: true, component_class_id: 'bench-button', key: null },
    ],
    css: '',
    connect_heartbeat: false,
    js: '',
    head: '',
    title: 'bench',
    space_id: null,
    enable_queue: true,
    show_error: false,
    show_api: true,
    is_colab: false,
    max_file_size: null,
    stylesheets: [],
    theme: 'default',
    protocol: 'sse_v3',
    layout: { id: 0, children: [{ id: 1 }, { id: 3 }, { id: 2 }] },
    dependencies: [
      {
        id: 0,
        targets: [[3, 'click']],
        inputs: [1],
        outputs: [2],
        backend_fn: true,
        js: null,
        queue: true,
        api_name: apiName,
        api_description: null,
        scroll_to_output: false,
        show_progress: 'full',
        batch: false,
        max_batch_size: 4,
        cancels: [],
        types: { generator: true, cancel: false },
        collects_event_data: false,
        trigger_after: null,
        trigger_only_on_success: false,
        trigger_only_on_failure: false,
        trigger_mode: 'once',
        show_api: true,
        rendered_in: null,
        render_id: null,
        connection: 'sse',
        time_limit: null,
        stream_every: 0.5,
        like_user_message: false,
        event_specific_args: null,
        js_implementation: null,
      },
    ],
    pages: [['', 'Home', true]],
    page: { '': { layout: { id: 0, children: [{ id: 1 }, { id: 3 }, { id: 2 }] }, components: [1, 2, 3], dependencies: [0] } },
    mcp_server: false,
    i18n_translations: null,
    username: null,
    root,
  };
  // The real app_id is a bare 64-bit integer (beyond 2^53): write it as one.
  return JSON.stringify(config).replace('"app_id":"7437681072062300328"', '"app_id":7437681072062300328');
}

/** `GET /gradio_api/info` for the app of {@link configJson}. */
export function infoJson(): string {
  return JSON.stringify({
    named_endpoints: {
      [`/${apiName}`]: {
        parameters: [
          {
            label: 'Prompt',
            parameter_name: 'prompt',
            parameter_has_default: false,
            parameter_default: null,
            type: { type: 'string' },
            python_type: { type: 'str', description: '' },
            component: 'Textbox',
            example_input: 'Hello!!',
          },
        ],
        returns: [{ label: 'Answer', type: { type: 'string' }, python_type: { type: 'str', description: '' }, component: 'Textbox' }],
        show_api: true,
        description: '',
      },
    },
    unnamed_endpoints: {},
  });
}

/** One queue message as Gradio writes it on `/queue/data`: compact JSON, no `event:` line. */
export function queueFrame(message: string): string {
  return `data: ${message}\n\n`;
}

export function estimationMessage(eventId: string, rank: number, queueSize: number): string {
  return `{"msg":"estimation","event_id":"${eventId}","rank":${rank},"queue_size":${queueSize},"rank_eta":null}`;
}

export function processStartsMessage(eventId: string): string {
  return `{"msg":"process_starts","event_id":"${eventId}","eta":null}`;
}

/** The first `process_generating` of a job: full output values. */
export function firstGeneratingMessage(eventId: string, text: string): string {
  return generating(eventId, JSON.stringify([text]));
}

/** A later `process_generating`: one edit list per output, here one `append` at the root. */
export function appendGeneratingMessage(eventId: string, text: string): string {
  return generating(eventId, `[[["append",[],${JSON.stringify(text)}]]]`);
}

export function completedMessage(eventId: string, text: string): string {
  return (
    `{"msg":"process_completed","event_id":"${eventId}","output":{"data":${JSON.stringify([text])},"is_generating":false,` +
    `"duration":0.0012,"average_duration":0.0199,"render_config":null,"changed_state_ids":[]},"success":true,"title":null}`
  );
}

export const closeStreamMessage = '{"msg":"close_stream","event_id":null}';

function generating(eventId: string, data: string): string {
  return (
    `{"msg":"process_generating","event_id":"${eventId}","output":{"data":${data},"is_generating":true,` +
    `"duration":0.020621299743652344,"average_duration":0.019905148233686176,"render_config":null,"changed_state_ids":[]},` +
    `"success":true,"time_limit":null}`
  );
}

/**
 * One `/call` stream event: `event:` line, then the outputs as Python's `json.dumps` writes
 * them (`", "` between items: a one-output list has none).
 */
export function callFrame(name: 'generating' | 'complete', outputs: string[]): string {
  return `event: ${name}\ndata: [${outputs.map((value) => JSON.stringify(value)).join(', ')}]\n\n`;
}
