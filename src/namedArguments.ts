/**
 * Named arguments: from `{ query: 'hi' }` to the positional inputs the wire carries, through the
 * parameter names of `/info` (§3.4, §3.5). Pure: the caller fetches `/config` and `/info`.
 *
 * `/info` lists only the inputs that are API parameters; a dependency's wire payload still has
 * one slot per input component. State inputs get `null` there, as the official clients send;
 * other inputs that `/info` leaves out (buttons and other `skip_api` components) get the value
 * the browser UI would send, their `props.value`.
 */
import type { ResolvedEndpoint } from './endpoints.js';
import { GradioError } from './errors.js';
import type { ApiInfo, ApiParameterInfo, ComponentConfig, EndpointInfo, GradioConfig } from './protocol.js';

/**
 * The inputs of a job given by name, as the official clients accept them:
 * `{ query: 'Hello', system: 'Be brief.' }`. Left-out parameters take their `/info` default.
 */
export type NamedArguments = { readonly [name: string]: unknown };

/** The `data` of `submit`, `call` and `predict`: positional inputs or named arguments. */
export type JobData = unknown[] | NamedArguments;

/** True for a plain object (`{…}` or `Object.create(null)`): the named form of `data`. */
export function isNamedArguments(data: unknown): data is NamedArguments {
  if (typeof data !== 'object' || data === null) return false;
  const proto = Object.getPrototypeOf(data) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The wire inputs of an endpoint (resolved against `/config` by the caller) for named
 * arguments: one slot per input component of the dependency, in order. Throws `invalid-input` for an unknown name or a missing required
 * argument, naming the endpoint's parameters.
 */
export function namedToPositional(config: GradioConfig, info: ApiInfo, resolved: ResolvedEndpoint, named: NamedArguments): unknown[] {
  const described = endpointInfo(info, resolved.apiName, resolved.fnIndex);
  if (described === undefined) {
    throw new GradioError({
      type: 'invalid-input',
      message: `${resolved.label} is not described by the app's /info, so it takes no named arguments: pass its inputs as an array`,
      endpoint: resolved.label,
    });
  }
  const parameters = described.parameters;
  const unknownNames = Object.keys(named).filter((name) => !parameters.some((parameter) => parameter.parameter_name === name));
  const missing = parameters.filter((parameter) => !parameter.parameter_has_default && !provided(named, parameter.parameter_name));
  if (unknownNames.length > 0 || missing.length > 0) {
    const problems = [
      ...(unknownNames.length > 0 ? [`unknown ${plural(unknownNames.length, 'argument')} ${quoteAll(unknownNames)}`] : []),
      ...(missing.length > 0 ? [`missing required ${plural(missing.length, 'argument')} ${quoteAll(missing.map(nameOf))}`] : []),
    ];
    throw invalidArguments(resolved.label, problems.join('; '), parameters);
  }

  const values = parameters.map((parameter) => {
    const name = parameter.parameter_name;
    return provided(named, name) ? named[name as string] : parameter.parameter_default;
  });
  const components = new Map(config.components.map((component) => [component.id, component]));
  const inputIds = resolved.dependency.inputs ?? [];
  const listedIds = inputIds.filter((id) => !isLeftOutOfInfo(components.get(id)));
  if (listedIds.length !== parameters.length) {
    throw new GradioError({
      type: 'protocol',
      message: `/config and /info disagree about ${resolved.label}: ${listedIds.length} API inputs in /config, ${parameters.length} parameters in /info`,
      endpoint: resolved.label,
    });
  }
  let next = 0;
  return inputIds.map((id) => {
    const component = components.get(id);
    if (!isLeftOutOfInfo(component)) return values[next++];
    return component?.type === 'state' ? null : (component?.props?.value ?? null);
  });
}

/**
 * The `invalid-input` error for `data` that is neither an array nor a plain object. Names the
 * parameters when `/info` describes the endpoint.
 */
export function notJobData(label: string, data: unknown, parameters: ApiParameterInfo[] | undefined): GradioError {
  const got = data === null ? 'null' : Array.isArray(data) ? 'an array' : typeof data === 'object' ? `a ${(data as object).constructor?.name ?? 'non-plain'} object` : `a ${typeof data}`;
  return invalidArguments(label, `the inputs must be an array of positional inputs or a plain object of named arguments, not ${got}`, parameters);
}

/**
 * The `/info` description of an endpoint: by api name, else among the unnamed ones by fn_index.
 *
 * @throws GradioError of type `'protocol'` when the description is there but is not a list of
 *   parameters (objects whose name and label, when given, are strings).
 */
export function endpointInfo(info: ApiInfo, apiName: string | undefined, fnIndex: number): EndpointInfo | undefined {
  const described: unknown = apiName !== undefined ? info.named_endpoints[`/${apiName}`] : info.unnamed_endpoints[String(fnIndex)];
  if (described === undefined || isDescription(described)) return described;
  const label = apiName !== undefined ? `/${apiName}` : `fn_index ${fnIndex}`;
  throw new GradioError({ type: 'protocol', message: `GET /info: the description of ${label} is not a list of parameters`, endpoint: label });
}

function isDescription(value: unknown): value is EndpointInfo {
  const parameters = (value as Partial<EndpointInfo> | null)?.parameters;
  return (
    Array.isArray(parameters) &&
    parameters.every((parameter: unknown) => typeof parameter === 'object' && parameter !== null && isOptionalString((parameter as ApiParameterInfo).parameter_name) && isOptionalString((parameter as ApiParameterInfo).label))
  );
}

const isOptionalString = (value: unknown): boolean => value === undefined || typeof value === 'string';

/** Components that `/info` leaves out of `parameters`: State and every other `skip_api` one. */
function isLeftOutOfInfo(component: ComponentConfig | undefined): boolean {
  return component !== undefined && (component.skip_api === true || component.type === 'state');
}

function provided(named: NamedArguments, name: string | undefined): boolean {
  // An `undefined` value counts as left out, as an optional property does in TypeScript.
  return name !== undefined && Object.prototype.hasOwnProperty.call(named, name) && named[name] !== undefined;
}

function invalidArguments(label: string, problem: string, parameters: ApiParameterInfo[] | undefined): GradioError {
  return new GradioError({ type: 'invalid-input', message: `Invalid arguments for ${label}: ${problem}. ${describeParameters(label, parameters)}`, endpoint: label });
}

/** `Its parameters are: query (required), history, system.` */
function describeParameters(label: string, parameters: ApiParameterInfo[] | undefined): string {
  if (parameters === undefined) return `See the app's API page for the parameters of ${label}.`;
  if (parameters.length === 0) return `${label} takes no parameters.`;
  const listed = parameters.map((parameter) => `${nameOf(parameter)}${parameter.parameter_has_default ? '' : ' (required)'}`);
  return `The parameters of ${label} are: ${listed.join(', ')}.`;
}

function nameOf(parameter: ApiParameterInfo): string {
  return parameter.parameter_name ?? parameter.label ?? '?';
}

function quoteAll(names: string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
