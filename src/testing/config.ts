/**
 * `GET /config` (§3.3) and `GET {P}/info` (§3.4) of the fake app, in the field order of the real
 * Gradio 5.49.1 answers (real/a01_get_config.txt, real/a02_get_info.txt, transcripts/config-and-info.txt).
 */
import type { ResolvedApp, ResolvedComponent, ResolvedEndpoint } from './app.js';
import { componentClassId, describeComponent } from './components.js';
import { pyFloat } from './json.js';

/** The server facts that `/config` reports besides the app itself. */
export interface ConfigFacts {
  gradioVersion: 4 | 5;
  protocol: string;
  root: string;
  appId: bigint;
  title: string;
  spaceId: string | null;
  showError: boolean;
  maxFileSize: number | null;
}

/** The `/config` object. */
export function buildConfig(app: ResolvedApp, facts: ConfigFacts): Record<string, unknown> {
  const gradio5 = facts.gradioVersion === 5;
  const layout = { id: 0, children: app.components.map((component) => ({ id: component.id })) };
  const connectHeartbeat = app.components.some((component) => component.isState);
  return {
    version: gradio5 ? '5.49.1' : '4.44.1',
    ...(gradio5 ? { api_prefix: '/gradio_api' } : {}),
    mode: 'blocks',
    app_id: facts.appId,
    dev_mode: false,
    ...(gradio5 ? { vibe_mode: false } : {}),
    analytics_enabled: false,
    components: app.components.map(componentConfig),
    css: null,
    connect_heartbeat: connectHeartbeat,
    js: null,
    head: null,
    title: facts.title,
    space_id: facts.spaceId,
    enable_queue: true,
    show_error: facts.showError,
    show_api: true,
    is_colab: false,
    max_file_size: facts.maxFileSize,
    stylesheets: [],
    theme: 'default',
    protocol: facts.protocol,
    fill_height: false,
    fill_width: false,
    ...(gradio5
      ? {
          pwa: false,
          pages: [['', 'Home', true]],
          page: {
            '': {
              layout,
              components: app.components.map((component) => component.id),
              dependencies: app.endpoints.map((endpoint) => endpoint.fnIndex),
            },
          },
          mcp_server: false,
          i18n_translations: null,
        }
      : {}),
    dependencies: app.endpoints.map((endpoint) => dependencyConfig(endpoint, gradio5)),
    layout,
    username: null,
    root: facts.root,
  };
}

function componentConfig(component: ResolvedComponent): Record<string, unknown> {
  const base = {
    id: component.id,
    type: component.type,
    props: component.props,
    skip_api: component.kind.skipApi,
    component_class_id: componentClassId(component.type),
    key: null,
  };
  if (component.kind.skipApi) return base;
  const { apiInfo, example } = describeComponent(component.type, component.props);
  return { ...base, api_info: apiInfo, api_info_as_input: apiInfo, api_info_as_output: apiInfo, example_inputs: example };
}

function dependencyConfig(endpoint: ResolvedEndpoint, gradio5: boolean): Record<string, unknown> {
  return {
    id: endpoint.fnIndex,
    targets: [[endpoint.triggerId, 'click']],
    inputs: endpoint.inputs.map((component) => component.id),
    outputs: endpoint.outputs.map((component) => component.id),
    backend_fn: true,
    js: null,
    queue: true,
    api_name: endpoint.apiName,
    api_description: endpoint.description === '' ? null : endpoint.description,
    scroll_to_output: false,
    show_progress: 'full',
    ...(gradio5 ? { show_progress_on: null } : {}),
    batch: false,
    max_batch_size: 4,
    cancels: [],
    types: { generator: endpoint.generator, cancel: false },
    collects_event_data: false,
    trigger_after: null,
    trigger_only_on_success: false,
    trigger_only_on_failure: false,
    trigger_mode: 'once',
    show_api: endpoint.apiName !== false,
    rendered_in: null,
    render_id: null,
    connection: 'sse',
    time_limit: null,
    stream_every: pyFloat(0.5),
    ...(gradio5 ? { like_user_message: false, event_specific_args: null, js_implementation: null } : {}),
  };
}

/** The `/info` object: named endpoints only, State and other `skip_api` components left out. */
export function buildInfo(app: ResolvedApp): Record<string, unknown> {
  const named: Record<string, unknown> = {};
  for (const endpoint of app.endpoints) {
    if (endpoint.apiName === false) continue;
    named[`/${endpoint.apiName}`] = {
      parameters: parameterInfos(endpoint),
      returns: endpoint.outputs
        .filter((component) => !component.kind.skipApi)
        .map((component) => {
          const { apiInfo, pythonType, pythonDescription } = describeComponent(component.type, component.props);
          return {
            label: component.label ?? `value_${component.id}`,
            type: apiInfo,
            python_type: { type: pythonType, description: pythonDescription },
            component: component.kind.className,
          };
        }),
      show_api: true,
      description: endpoint.description,
    };
  }
  return { named_endpoints: named, unnamed_endpoints: {} };
}

function parameterInfos(endpoint: ResolvedEndpoint): Record<string, unknown>[] {
  const usedNames = new Set<string>();
  const parameters: Record<string, unknown>[] = [];
  endpoint.inputs.forEach((component, index) => {
    if (component.kind.skipApi) return;
    const { apiInfo, pythonType, pythonDescription, example } = describeComponent(component.type, component.props);
    const wanted = endpoint.parameterNames[index] ?? parameterNameFrom(component);
    let name = wanted;
    for (let suffix = 1; usedNames.has(name); suffix += 1) name = `${wanted}_${suffix}`;
    usedNames.add(name);
    parameters.push({
      label: component.label ?? `parameter_${component.id}`,
      parameter_name: name,
      parameter_has_default: component.hasDefault,
      parameter_default: component.hasDefault ? component.defaultValue : null,
      type: apiInfo,
      python_type: { type: pythonType, description: pythonDescription },
      component: component.kind.className,
      example_input: example,
    });
  });
  return parameters;
}

/** `"Message"` → `message`, `"System prompt"` → `system_prompt`; the type when unlabelled. */
function parameterNameFrom(component: ResolvedComponent): string {
  const snake = (component.label ?? '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
  if (snake === '') return component.type;
  return /^\p{N}/u.test(snake) ? `_${snake}` : snake;
}
