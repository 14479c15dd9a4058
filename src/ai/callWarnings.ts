/**
 * Call options as a Gradio job takes them: settings a Space cannot honour become warnings,
 * never silence; the call's headers go with the job.
 */
import type { LanguageModelV4CallOptions, SharedV4Warning } from '@ai-sdk/provider';

/** Settings that steer a model's sampling: a Space's endpoint takes none of them by name. */
const samplingSettings = ['maxOutputTokens', 'temperature', 'stopSequences', 'topP', 'topK', 'presencePenalty', 'frequencyPenalty', 'seed'] as const;

/** One `unsupported` warning per setting of `options` the Space will not apply. */
export function unsupportedSettings(options: LanguageModelV4CallOptions): SharedV4Warning[] {
  const warnings: SharedV4Warning[] = [];
  for (const setting of samplingSettings) {
    if (options[setting] !== undefined) {
      warnings.push({ type: 'unsupported', feature: setting, details: 'A Gradio Space runs its function with its own settings; this one is not sent.' });
    }
  }
  if (options.responseFormat?.type === 'json') {
    warnings.push({ type: 'unsupported', feature: 'responseFormat', details: 'A Gradio Space answers free text: JSON output cannot be requested.' });
  }
  if (options.tools !== undefined && options.tools.length > 0) {
    warnings.push({ type: 'unsupported', feature: 'tools', details: 'A Gradio Space cannot call tools; they are not sent.' });
  }
  if (options.reasoning !== undefined && options.reasoning !== 'provider-default') {
    warnings.push({ type: 'unsupported', feature: 'reasoning', details: 'A Gradio Space decides its own reasoning effort.' });
  }
  return warnings;
}

/**
 * The call's own headers, for its job's join request (e.g. a visitor's ZeroGPU identity a
 * server relays). The AI SDK adds its `user-agent` to every call: that one is left out.
 */
export function callHeaders(options: LanguageModelV4CallOptions): Record<string, string> | undefined {
  const entries = Object.entries(options.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[0].toLowerCase() !== 'user-agent');
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
