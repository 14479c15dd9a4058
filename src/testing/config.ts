/**
 * `GET /config` (§3.3) and `GET {P}/info` (§3.4) of the fake app, in the field order of the real
 * Gradio 5.49.1 answers (real/a01_get_config.txt, real/a02_get_info.txt, transcripts/config-and-info.txt)
 * and of Gradio 6.25.0 on the 6 layout (real6/a01, a02, b01, b02, and c01, c02 for `gradio.Server` apps).
 */
import type { ResolvedApp, ResolvedComponent, ResolvedEndpoint } from './app.js';
import { codeSnippets } from './codeSnippets.js';
import { componentClassId, describeComponent, type GradioLayout } from './components.js';
import { pyFloat } from './json.js';

/** The server facts that `/config` reports besides the app itself. */
export interface ConfigFacts {
  gradioVersion: GradioLayout;
  /** The version string to report. */
  version: string;
  /** Whether dependencies carry their `id` (from Gradio 4.32). */
  dependencyIds: boolean;
  /** `gradio.Server` apps report `server` (Gradio 6). */
  mode: 'blocks' | 'server';
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
  const layoutVersion = facts.gradioVersion;
  const gradio5 = layoutVersion >= 5;
  const gradio6 = layoutVersion === 6;
  const layout = { id: 0, children: app.components.map((component) => ({ id: component.id })) };
  const connectHeartbeat = app.components.some((component) => component.isState);
  return {
    version: facts.version,
    ...(gradio5 ? { api_prefix: '/gradio_api' } : {}),
    mode: facts.mode,
    app_id: facts.appId,
    dev_mode: false,
    ...(gradio5 ? { vibe_mode: false } : {}),
    analytics_enabled: false,
    components: app.components.map((component) => componentConfig(component, layoutVersion)),
    css: null,
    connect_heartbeat: connectHeartbeat,
    js: null,
    head: null,
    title: facts.title,
    space_id: facts.spaceId,
    enable_queue: true,
    show_error: facts.showError,
    // Gradio 6 replaced the app-wide show_api with footer links (real6/a01).
    ...(gradio6 ? { footer_links: ['api', 'gradio', 'settings', 'runs'], run_history: true } : { show_api: true }),
    is_colab: false,
    max_file_size: facts.maxFileSize,
    stylesheets: [],
    theme: 'default',
    protocol: facts.protocol,
    ...(gradio6 ? { body_css: gradio6BodyCss } : {}),
    fill_height: false,
    fill_width: false,
    ...(gradio6 ? { theme_hash: gradio6ThemeHash } : {}),
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
    dependencies: app.endpoints.map((endpoint) => dependencyConfig(endpoint, layoutVersion, facts.mode, facts.dependencyIds)),
    layout,
    username: null,
    root: facts.root,
  };
}

/** The default theme's body colours and hash on Gradio 6.25.0 (real6/a01, c01). */
const gradio6BodyCss = {
  body_background_fill: 'white',
  body_text_color: '#27272a',
  body_background_fill_dark: '#0f0f11',
  body_text_color_dark: '#f4f4f5',
};
const gradio6ThemeHash = '8ad6f9b14414574fe6c6d9b4362dcdd63dfdc66d8c34cbef0982888dfc44ff04';

function componentConfig(component: ResolvedComponent, layoutVersion: GradioLayout): Record<string, unknown> {
  const base = {
    id: component.id,
    type: component.type,
    props: component.props,
    skip_api: component.kind.skipApi,
    component_class_id: componentClassId(component.type),
    key: null,
  };
  if (component.kind.skipApi) return base;
  const { apiInfo, example } = describeComponent(component.type, component.props, layoutVersion);
  return { ...base, api_info: apiInfo, api_info_as_input: apiInfo, api_info_as_output: apiInfo, example_inputs: example };
}

function dependencyConfig(endpoint: ResolvedEndpoint, layoutVersion: GradioLayout, mode: 'blocks' | 'server', withId: boolean): Record<string, unknown> {
  const gradio5 = layoutVersion >= 5;
  const gradio6 = layoutVersion === 6;
  const server = mode === 'server';
  return {
    ...(withId ? { id: endpoint.fnIndex } : {}),
    // gradio.Server endpoints have no event listener behind them (real6/c01).
    targets: server ? [] : [[endpoint.triggerId, 'click']],
    inputs: endpoint.inputs.map((component) => component.id),
    outputs: endpoint.outputs.map((component) => component.id),
    backend_fn: true,
    js: null,
    queue: true,
    api_name: endpoint.apiName,
    api_description: endpoint.description === '' ? null : endpoint.description,
    scroll_to_output: false,
    show_progress: server ? 'hidden' : 'full',
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
    ...(gradio6 ? { api_visibility: endpoint.apiVisibility } : { show_api: endpoint.apiName !== false && endpoint.apiVisibility === 'public' }),
    rendered_in: null,
    render_id: null,
    connection: 'sse',
    time_limit: null,
    stream_every: pyFloat(0.5),
    ...(gradio6
      ? { event_specific_args: null, component_prop_inputs: [], js_implementation: null }
      : gradio5
        ? { like_user_message: false, event_specific_args: null, js_implementation: null }
        : {}),
  };
}

/** Where `/info` is served: the public root and the api prefix (for Gradio 6's code snippets). */
export interface InfoFacts {
  gradioVersion: GradioLayout;
  root: string;
  prefix: string;
}

/**
 * The `/info` object: public named endpoints only (private and undocumented ones are left
 * out), State and other `skip_api` components left out. Gradio 6 replaces `show_api` with
 * `api_visibility` and adds `code_snippets` (real6/a02).
 */
export function buildInfo(app: ResolvedApp, facts: InfoFacts): Record<string, unknown> {
  const layoutVersion = facts.gradioVersion;
  const named: Record<string, unknown> = {};
  for (const endpoint of app.endpoints) {
    if (endpoint.apiName === false || endpoint.apiVisibility !== 'public') continue;
    const parameters = parameterInfos(endpoint, layoutVersion);
    const returns = endpoint.outputs
      .filter((component) => !component.kind.skipApi)
      .map((component) => {
        const { apiInfo, pythonType, pythonDescription } = describeComponent(component.type, component.props, layoutVersion);
        return {
          label: component.label ?? `value_${component.id}`,
          type: apiInfo,
          // A return's description is never null, unlike a parameter's (real6/b02).
          python_type: { type: pythonType, description: pythonDescription ?? '' },
          component: component.kind.className,
        };
      });
    const gradio6 = layoutVersion === 6;
    named[`/${endpoint.apiName}`] = {
      parameters: parameters.map(({ isFile: _isFile, ...parameter }) => parameter),
      returns,
      ...(gradio6 ? { api_visibility: endpoint.apiVisibility } : { show_api: true }),
      description: endpoint.description,
      ...(gradio6
        ? {
            code_snippets: codeSnippets(
              facts.root,
              facts.prefix,
              endpoint.apiName,
              parameters.map((parameter) => ({
                name: parameter.parameter_name,
                hasDefault: parameter.parameter_has_default,
                defaultValue: parameter.parameter_default,
                example: parameter.example_input,
                isFile: parameter.isFile,
                className: parameter.component,
              })),
            ),
          }
        : {}),
    };
  }
  return { named_endpoints: named, unnamed_endpoints: {} };
}

interface ParameterInfo {
  label: string;
  parameter_name: string;
  parameter_has_default: boolean;
  parameter_default: unknown;
  type: Record<string, unknown>;
  python_type: { type: string; description: string | null };
  component: string;
  example_input: unknown;
  /** Not sent: whether the parameter takes a file (for the code snippets). */
  isFile: boolean;
}

/**
 * The `/info` parameter name of each input of the endpoint, undefined for inputs that are not
 * API parameters (State): de-duplicated with `_1`, `_2`, … like Python arguments.
 */
export function parameterNames(endpoint: ResolvedEndpoint): (string | undefined)[] {
  const usedNames = new Set<string>();
  return endpoint.inputs.map((component, index) => {
    if (component.kind.skipApi) return undefined;
    const wanted = endpoint.parameterNames[index] ?? parameterNameFrom(component);
    let name = wanted;
    for (let suffix = 1; usedNames.has(name); suffix += 1) name = `${wanted}_${suffix}`;
    usedNames.add(name);
    return name;
  });
}

function parameterInfos(endpoint: ResolvedEndpoint, layoutVersion: GradioLayout): ParameterInfo[] {
  const names = parameterNames(endpoint);
  const parameters: ParameterInfo[] = [];
  endpoint.inputs.forEach((component, index) => {
    const name = names[index];
    if (name === undefined) return;
    const { apiInfo, pythonType, pythonDescription, example } = describeComponent(component.type, component.props, layoutVersion);
    parameters.push({
      label: component.label ?? `parameter_${component.id}`,
      parameter_name: name,
      parameter_has_default: component.hasDefault,
      parameter_default: component.hasDefault ? component.defaultValue : null,
      type: apiInfo,
      python_type: { type: pythonType, description: pythonDescription },
      component: component.kind.className,
      example_input: example,
      isFile: component.kind.isFile,
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
