/**
 * The model registry: which preset serves a model name or alias.
 */
import { GradioError } from '../errors.js';
import { qwen25 } from './qwen25.js';
import { qwenQvq72b } from './qwenQvq72b.js';
import type { SpacePreset } from './types.js';

/** Every ready-made preset, in the order names are looked up. */
export const spacePresets: readonly SpacePreset[] = [qwenQvq72b, qwen25];

/** A preset and the canonical name of the model asked for. */
export interface ResolvedModel {
  /** The preset that serves the model. */
  preset: SpacePreset;
  /** The model name, never an alias. */
  model: string;
}

/**
 * The preset that serves a model name or alias, and the model's canonical name.
 *
 * @throws GradioError `invalid-input` for an unknown name; the message lists the known ones.
 * @example
 * ```ts
 * const { preset, model } = resolveModel('qwen-2.5'); // qwen25, 'qwen-qwen2-5'
 * preset.stream({ model, messages: [{ role: 'user', content: 'Hi' }] });
 * ```
 */
export function resolveModel(nameOrAlias: string): ResolvedModel {
  for (const preset of spacePresets) {
    if (preset.models.includes(nameOrAlias)) return { preset, model: nameOrAlias };
    if (Object.hasOwn(preset.modelAliases, nameOrAlias)) return { preset, model: preset.modelAliases[nameOrAlias]! };
  }
  throw new GradioError({
    type: 'invalid-input',
    message: `Unknown model ${JSON.stringify(nameOrAlias)}. Known models: ${knownNames().join(', ')}`,
  });
}

/** Every name `resolveModel` accepts, models first, then aliases. */
function knownNames(): string[] {
  const models = spacePresets.flatMap((preset) => preset.models);
  const aliases = spacePresets.flatMap((preset) => Object.keys(preset.modelAliases));
  return [...models, ...aliases].map((name) => `"${name}"`);
}
