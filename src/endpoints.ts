/**
 * Resolving an endpoint (an api name or an fn_index) against `/config`. Pure.
 * Endpoints are found by name, never by hard-coded numbers: the seed providers died of
 * rotted `fn_index`/`trigger_id` payloads.
 */
import { GradioError } from './errors.js';
import type { DependencyConfig, GradioConfig } from './protocol.js';

/** An api name (`'/chat'` or `'chat'`) or an fn_index. */
export type Endpoint = string | number;

export interface ResolvedEndpoint {
  fnIndex: number;
  dependency: DependencyConfig;
  /** The api name without a leading slash, when the dependency has one. */
  apiName?: string;
  /** The component that fires the dependency (its first target), or null. */
  triggerId: number | null;
  /** How the endpoint is named in messages: `/chat` or `fn_index 3`. */
  label: string;
}

/** The fn_index of every dependency: its `id`, or its position before Gradio 4.32. */
export function dependencyIndex(dependency: DependencyConfig, position: number): number {
  return typeof dependency.id === 'number' ? dependency.id : position;
}

export function resolveEndpoint(config: GradioConfig, endpoint: Endpoint): ResolvedEndpoint {
  const dependencies = config.dependencies ?? [];
  if (typeof endpoint === 'number') {
    const position = dependencies.findIndex((dependency, i) => dependencyIndex(dependency, i) === endpoint);
    const dependency = dependencies[position];
    if (dependency === undefined) throw notFound(config, `fn_index ${endpoint}`);
    return describe(dependency, endpoint);
  }
  const name = endpoint.replace(/^\//, '');
  const position = dependencies.findIndex((dependency) => dependency.api_name === name);
  const dependency = dependencies[position];
  if (dependency === undefined || name === '') throw notFound(config, `"/${name}"`);
  // Gradio 6 refuses private endpoints by name (its /call answers a bare 500), so say why here.
  if (dependency.api_visibility === 'private') throw notFound(config, `"/${name}"`, 'is not public (api_visibility "private"), so the app does not let clients call it by name.');
  return describe(dependency, dependencyIndex(dependency, position));
}

/** The api names the app lets clients call, with their leading slash. */
export function apiNames(config: GradioConfig): string[] {
  return (config.dependencies ?? []).flatMap((dependency) =>
    typeof dependency.api_name === 'string' && dependency.api_name && dependency.api_visibility !== 'private' ? [`/${dependency.api_name}`] : [],
  );
}

function describe(dependency: DependencyConfig, fnIndex: number): ResolvedEndpoint {
  const apiName = typeof dependency.api_name === 'string' && dependency.api_name ? dependency.api_name : undefined;
  const trigger = dependency.targets?.[0]?.[0];
  return {
    fnIndex,
    dependency,
    apiName,
    triggerId: typeof trigger === 'number' ? trigger : null,
    label: apiName === undefined ? `fn_index ${fnIndex}` : `/${apiName}`,
  };
}

function notFound(config: GradioConfig, what: string, reason?: string): GradioError {
  const names = apiNames(config);
  const valid = names.length > 0 ? `Valid named endpoints are: ${names.map((n) => `"${n}"`).join(', ')}.` : 'The app exposes no named endpoints.';
  const problem = reason === undefined ? `No endpoint matching ${what} was found.` : `The endpoint ${what} ${reason}`;
  return new GradioError({ type: 'endpoint-not-found', message: `${problem} ${valid}`, endpoint: what });
}
