/**
 * Turns the declared endpoints into the app Gradio would build from them: component ids,
 * trigger buttons, fn indexes and unique api names (§3.3, §3.5).
 */
import { componentKind, type ComponentKind, type GradioLayout } from './components.js';
import type { FakeComponent, FakeEndpoint } from './types.js';

/** A component with its id and final `/config` props. */
export interface ResolvedComponent {
  id: number;
  type: string;
  label: string | undefined;
  props: Record<string, unknown>;
  hasDefault: boolean;
  defaultValue: unknown;
  isState: boolean;
  kind: ComponentKind;
}

/** An endpoint with everything the server needs to route and describe it. */
export interface ResolvedEndpoint {
  fnIndex: number;
  /** Unique name (`chat`, `chat_1`, …) or `false`. */
  apiName: string | false;
  /** Who may call it by name and whether `/info` lists it (Gradio 6 `api_visibility`). */
  apiVisibility: 'public' | 'private' | 'undocumented';
  inputs: ResolvedComponent[];
  /**
   * `parameterName` of each input as declared in this endpoint: like a Python argument name it
   * belongs to the function, so one component can have different names in two endpoints.
   */
  parameterNames: (string | undefined)[];
  outputs: ResolvedComponent[];
  triggerId: number;
  /** `Infinity` when unlimited. */
  concurrencyLimit: number;
  generator: boolean;
  description: string;
  declaration: FakeEndpoint;
}

export interface ResolvedApp {
  /** Sorted by id. */
  components: ResolvedComponent[];
  /** In declaration order. */
  endpoints: ResolvedEndpoint[];
  byFnIndex: Map<number, ResolvedEndpoint>;
  byApiName: Map<string, ResolvedEndpoint>;
}

/** How the app is built: the Gradio layout, and Blocks or `gradio.Server` (no UI, no trigger buttons). */
export interface AppShape {
  layout: GradioLayout;
  mode: 'blocks' | 'server';
}

/**
 * Resolves the app. Throws for declarations Gradio itself would reject (two endpoints with one
 * fn index, a tuples chatbot on Gradio 6).
 */
export function resolveApp(endpoints: readonly FakeEndpoint[], shape: AppShape = { layout: 5, mode: 'blocks' }): ResolvedApp {
  const reserved = new Set<number>();
  for (const endpoint of endpoints) {
    for (const component of [...endpoint.inputs, ...endpoint.outputs]) {
      if (component.id !== undefined) reserved.add(component.id);
    }
    if (endpoint.triggerId !== undefined) reserved.add(endpoint.triggerId);
  }
  let nextId = 1;
  const allocate = (): number => {
    while (reserved.has(nextId)) nextId += 1;
    reserved.add(nextId);
    return nextId;
  };

  const byObject = new Map<FakeComponent, ResolvedComponent>();
  const byId = new Map<number, ResolvedComponent>();
  const resolveComponent = (component: FakeComponent): ResolvedComponent => {
    const known = byObject.get(component) ?? (component.id === undefined ? undefined : byId.get(component.id));
    if (known !== undefined) {
      byObject.set(component, known);
      return known;
    }
    const resolved = createComponent(component, component.id ?? allocate(), shape.layout);
    byObject.set(component, resolved);
    byId.set(resolved.id, resolved);
    return resolved;
  };

  const usedNames = new Set<string>();
  const byFnIndex = new Map<number, ResolvedEndpoint>();
  const byApiName = new Map<string, ResolvedEndpoint>();
  const resolvedEndpoints = endpoints.map((declaration, position): ResolvedEndpoint => {
    const fnIndex = declaration.fnIndex ?? position;
    if (byFnIndex.has(fnIndex)) throw new Error(`Two fake endpoints have fn_index ${fnIndex}.`);
    if (shape.mode === 'server' && [...declaration.inputs, ...declaration.outputs].some((component) => component.type !== 'api')) {
      throw new Error(`A gradio.Server app has no UI components: declare endpoint ${String(declaration.apiName)} with apiEndpoint().`);
    }
    const inputs = declaration.inputs.map(resolveComponent);
    const outputs = declaration.outputs.map(resolveComponent);
    const apiName = declaration.apiName === false ? false : uniqueName(declaration.apiName, usedNames);
    let triggerId = declaration.triggerId;
    // gradio.Server endpoints are plain API routes: nothing in a UI fires them (real6/c01).
    if (shape.mode === 'server') {
      triggerId = -1;
    } else if (triggerId === undefined || !byId.has(triggerId)) {
      const button = createComponent(
        { type: 'button', props: { value: apiName === false ? 'Submit' : apiName } },
        triggerId ?? allocate(),
        shape.layout,
      );
      byId.set(button.id, button);
      triggerId = button.id;
    }
    const endpoint: ResolvedEndpoint = {
      fnIndex,
      apiName,
      apiVisibility: declaration.apiVisibility ?? (apiName === false ? 'private' : 'public'),
      inputs,
      parameterNames: declaration.inputs.map((component) => component.parameterName),
      outputs,
      triggerId,
      concurrencyLimit: declaration.concurrencyLimit === null ? Infinity : (declaration.concurrencyLimit ?? 1),
      generator: declaration.generator ?? isGeneratorFunction(declaration.fn),
      description: declaration.description ?? '',
      declaration,
    };
    byFnIndex.set(fnIndex, endpoint);
    if (apiName !== false) byApiName.set(apiName, endpoint);
    return endpoint;
  });

  return {
    components: [...byId.values()].sort((left, right) => left.id - right.id),
    endpoints: resolvedEndpoints,
    byFnIndex,
    byApiName,
  };
}

function createComponent(component: FakeComponent, id: number, layout: GradioLayout): ResolvedComponent {
  const kind = componentKind(component.type);
  const isState = component.type === 'state';
  // A State always has a value (null by default); other components only when one is given.
  const hasDefault = component.default !== undefined || isState;
  const defaultValue = component.default ?? null;
  const value = hasDefault ? { value: defaultValue } : {};
  const label = component.label === undefined ? {} : { label: component.label };
  const declared: Record<string, unknown> =
    component.type === 'api'
      ? // gradio.Server's parameter components carry their JSON schema (real6/c01).
        { ...value, _api_info: component.props?.['_api_info'] ?? {}, ...label, name: 'api', _selectable: false }
      : { ...value, ...kind.props, ...label, ...component.props, name: component.type };
  const props = layout === 6 && component.type === 'chatbot' ? chatbot6Props(declared) : declared;
  return {
    id,
    type: component.type,
    label: component.label,
    props,
    hasDefault,
    defaultValue,
    isState,
    kind,
  };
}

/** A chatbot's props on Gradio 6, which has messages only and so no `type` prop (real6/b01). */
function chatbot6Props(props: Record<string, unknown>): Record<string, unknown> {
  if (props['type'] === 'tuples') {
    throw new Error(
      'Gradio 6 has no tuples chatbot (gr.Chatbot(type=…) was removed): declare the chatbot without props.type, or use gradioVersion 4 or 5.',
    );
  }
  const { type: _type, ...rest } = props;
  return rest;
}

/** Gradio de-duplicates api names with `_1`, `_2`, … (§3.5). */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  for (let suffix = 1; used.has(candidate); suffix += 1) candidate = `${name}_${suffix}`;
  used.add(candidate);
  return candidate;
}

/** Whether `fn` is a (sync or async) generator function: its jobs stream, as Gradio decides by inspection. */
export function isGeneratorFunction(fn: unknown): boolean {
  const name = (fn as { constructor?: { name?: string } } | undefined)?.constructor?.name;
  return name === 'AsyncGeneratorFunction' || name === 'GeneratorFunction';
}
