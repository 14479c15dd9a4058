/**
 * Endpoints of a Gradio 6 `gradio.Server` app for the fake server: plain API functions
 * (`@app.api(name=…)`) whose parameters and result are described by their type hints, with no
 * UI components (real6/c01_server_get_config.txt, c02_server_get_info.txt).
 */
import { isGeneratorFunction } from './app.js';
import type { FakeComponent, FakeContext, FakeEndpoint } from './types.js';

/**
 * A Python type hint of a `gradio.Server` parameter or result, as the JSON schema Gradio derives
 * from it: `str` → `{"type": "string"}`, `int` → `{"type": "integer"}`, `float` → `number`,
 * `bool` → `boolean`, `list` → `array`, `dict` → `object`, and `any` → `{}` (no annotation, or
 * one Gradio cannot describe, such as `Iterator[str]` on 6.25.0).
 */
export type FakeApiType = 'str' | 'int' | 'float' | 'bool' | 'list' | 'dict' | 'any';

/** One parameter of a `gradio.Server` function. */
export interface FakeApiParameter {
  /** The Python argument name (`parameter_name` in `/info`, the key of `/call/v2` bodies). */
  name: string;
  /** Its type hint. @default 'str' */
  type?: FakeApiType;
  /** Its default value; without one the parameter is required (`parameter_has_default: false`). */
  default?: unknown;
}

/** What a `gradio.Server` function returns: its value, a promise of it, or (generators) a stream of cumulative values. */
export type FakeApiResult = unknown;

/**
 * A `gradio.Server` endpoint, like `@app.api(name="chat") def chat(prompt: str, system: str = "…") -> str`.
 *
 * @example
 * apiEndpoint({
 *   name: 'chat',
 *   parameters: ['prompt', { name: 'system', default: 'You are helpful.' }, { name: 'max_tokens', type: 'int', default: 20 }],
 *   returns: 'any', // Iterator[str]
 *   async *fn({ prompt }, ctx) {
 *     let text = '';
 *     for (const token of String(prompt).split(' ')) {
 *       await ctx.sleep(10);
 *       text += token;
 *       yield text; // the cumulative value, as a Gradio generator yields it
 *     }
 *   },
 * });
 */
export interface FakeApiEndpointOptions {
  /** The api name, without a slash. */
  name: string;
  /** The parameters in order; a string is a required `str` parameter of that name. @default none */
  parameters?: (string | FakeApiParameter)[];
  /**
   * The return annotation. Without one the function has no outputs and its jobs complete with
   * `data: []`, whatever it returns (real6/c01: `log_only`, `stream_untyped`).
   * @default no return annotation
   */
  returns?: FakeApiType;
  /**
   * The function: it receives the arguments by name; it returns its value or, as a generator,
   * yields the cumulative value at each step.
   */
  fn: (args: Record<string, unknown>, ctx: FakeContext) => FakeApiResult;
  /** Jobs that may run at once. `null` = unlimited. @default 1, like Gradio */
  concurrencyLimit?: number | null;
  /** The endpoint's description in `/config` and `/info`. */
  description?: string;
}

/** Gradio numbers a Server function's parameters by position in their labels: `1st`, `2nd`, … */
function ordinal(position: number): string {
  const tens = position % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[position % 10] ?? 'th';
  return `${position}${suffix}`;
}

const schemas: Record<FakeApiType, Record<string, unknown>> = {
  str: { type: 'string' },
  int: { type: 'integer' },
  float: { type: 'number' },
  bool: { type: 'boolean' },
  list: { type: 'array' },
  dict: { type: 'object' },
  any: {},
};

function apiComponent(position: number, type: FakeApiType, parameter?: FakeApiParameter): FakeComponent {
  return {
    type: 'api',
    label: ordinal(position),
    props: { _api_info: schemas[type] },
    ...(parameter === undefined ? {} : { parameterName: parameter.name }),
    ...(parameter !== undefined && parameter.default !== undefined ? { default: parameter.default } : {}),
  };
}

/**
 * Declares a `gradio.Server` endpoint for a fake app started with `mode: 'server'`: its
 * parameters become `api` components (no UI), its result one `api` output, or none without a
 * return annotation.
 */
export function apiEndpoint(options: FakeApiEndpointOptions): FakeEndpoint {
  const parameters = (options.parameters ?? []).map((parameter): FakeApiParameter => (typeof parameter === 'string' ? { name: parameter } : parameter));
  const returns = options.returns;
  const toOutputs = (value: unknown): unknown[] => (returns === undefined ? [] : [value]);
  const argsOf = (inputs: unknown[]): Record<string, unknown> => Object.fromEntries(parameters.map((parameter, index) => [parameter.name, inputs[index]]));
  const generator = isGeneratorFunction(options.fn);
  const endpoint: FakeEndpoint = {
    apiName: options.name,
    inputs: parameters.map((parameter, index) => apiComponent(index + 1, parameter.type ?? 'str', parameter)),
    outputs: returns === undefined ? [] : [apiComponent(1, returns)],
    generator,
    fn: generator
      ? async function* (inputs, ctx) {
          const steps = options.fn(argsOf(inputs), ctx) as AsyncIterable<unknown> | Iterable<unknown>;
          for await (const value of steps) yield toOutputs(value);
        }
      : async (inputs, ctx) => toOutputs(await options.fn(argsOf(inputs), ctx)),
  };
  if (options.concurrencyLimit !== undefined) endpoint.concurrencyLimit = options.concurrencyLimit;
  if (options.description !== undefined) endpoint.description = options.description;
  return endpoint;
}
