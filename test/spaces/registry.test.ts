import { describe, expect, it } from 'vitest';
import { isGradioError } from '../../src/errors.js';
import { qwen25, qwenQvq72b, resolveModel, spacePresets } from '../../src/spaces/index.js';

describe('resolveModel', () => {
  it('finds the preset of a model name', () => {
    expect(resolveModel('qwen-qvq-72b-preview')).toEqual({ preset: qwenQvq72b, model: 'qwen-qvq-72b-preview' });
    expect(resolveModel('qwen-qwen2-5')).toEqual({ preset: qwen25, model: 'qwen-qwen2-5' });
  });

  it('turns an alias into the canonical model name', () => {
    expect(resolveModel('qvq-72b')).toEqual({ preset: qwenQvq72b, model: 'qwen-qvq-72b-preview' });
    expect(resolveModel('qwen-2.5')).toEqual({ preset: qwen25, model: 'qwen-qwen2-5' });
  });

  it('refuses an unknown name with an invalid-input error listing every known name', () => {
    let caught: unknown;
    try {
      resolveModel('gpt-4');
    } catch (error) {
      caught = error;
    }
    expect(isGradioError(caught) && caught.type).toBe('invalid-input');
    const message = (caught as Error).message;
    expect(message).toContain('"gpt-4"');
    for (const name of ['qwen-qvq-72b-preview', 'qvq-72b', 'qwen-qwen2-5', 'qwen-2.5']) expect(message).toContain(`"${name}"`);
  });

  it('does not take names inherited from Object.prototype for aliases', () => {
    expect(() => resolveModel('toString')).toThrow(/Unknown model/);
  });
});

describe('the presets', () => {
  it('describe the two seed Spaces as the issue names them', () => {
    expect([qwenQvq72b.label, qwenQvq72b.url, qwenQvq72b.defaultModel]).toEqual(['Qwen QVQ-72B', 'https://qwen-qvq-72b-preview.hf.space', 'qwen-qvq-72b-preview']);
    expect([qwen25.label, qwen25.url, qwen25.defaultModel]).toEqual(['Qwen Qwen-2.5', 'https://qwen-qwen2-5.hf.space', 'qwen-qwen2-5']);
    expect(qwenQvq72b.modelAliases).toEqual({ 'qvq-72b': 'qwen-qvq-72b-preview' });
    expect(qwen25.modelAliases).toEqual({ 'qwen-2.5': 'qwen-qwen2-5' });
    expect([qwenQvq72b.defaultVisionModel, qwenQvq72b.visionModels]).toEqual(['qwen-qvq-72b-preview', ['qwen-qvq-72b-preview']]);
  });

  it.each(spacePresets.map((preset) => [preset.label, preset] as const))('%s lists its default model and every alias target among its models', (_label, preset) => {
    expect(preset.models).toContain(preset.defaultModel);
    for (const target of Object.values(preset.modelAliases)) expect(preset.models).toContain(target);
  });
});

describe('the presets’ capability flags', () => {
  it('says what each Space takes, as the seed providers declared it', () => {
    const flags = (preset: (typeof spacePresets)[number]) => ({
      supportsStream: preset.supportsStream,
      supportsSystemMessage: preset.supportsSystemMessage,
      supportsMessageHistory: preset.supportsMessageHistory,
      supportsImages: preset.supportsImages,
    });
    expect(flags(resolveModel('qwen-2.5').preset)).toEqual({ supportsStream: true, supportsSystemMessage: true, supportsMessageHistory: false, supportsImages: false });
    expect(flags(resolveModel('qvq-72b').preset)).toEqual({ supportsStream: true, supportsSystemMessage: false, supportsMessageHistory: false, supportsImages: true });
  });

  it('reads the answer where each preset’s stream follows it', () => {
    expect(resolveModel('qwen-2.5').preset.replyText(['', [['Hi', 'Hello']]])).toBe('Hello');
    expect(resolveModel('qvq-72b').preset.replyText(['An answer'])).toBe('An answer');
    expect(resolveModel('qvq-72b').preset.replyText([null])).toBeUndefined();
  });
});
