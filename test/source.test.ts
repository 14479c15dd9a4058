import { describe, expect, it } from 'vitest';
import { isGradioError } from '../src/errors.js';
import { resolveRoot } from '../src/source.js';

describe('resolveRoot', () => {
  it.each([
    ['http://127.0.0.1:7860/', 'http://127.0.0.1:7860'],
    ['https://qwen-qwen2-5.hf.space', 'https://qwen-qwen2-5.hf.space'],
    ['https://example.com/apps/demo/?x=1#top', 'https://example.com/apps/demo'],
    ['owner-demo.hf.space', 'https://owner-demo.hf.space'],
    ['Qwen/Qwen2.5', 'https://qwen-qwen2-5.hf.space'],
    ['Qwen/QVQ-72B-preview', 'https://qwen-qvq-72b-preview.hf.space'],
    ['black-forest-labs/FLUX.1-dev', 'https://black-forest-labs-flux-1-dev.hf.space'],
    ['hmb/hello_world', 'https://hmb-hello-world.hf.space'],
  ])('maps %s to %s', (source, root) => {
    expect(resolveRoot(source)).toBe(root);
  });

  it.each([['not a url'], ['ftp://host/app'], ['']])('refuses %j with an invalid-input error', (source) => {
    let thrown: unknown;
    try {
      resolveRoot(source);
    } catch (error) {
      thrown = error;
    }
    expect(isGradioError(thrown) && thrown.type).toBe('invalid-input');
  });

  it('refuses credentials in the URL without repeating them', () => {
    expect(() => resolveRoot('https://user:hf_secret@host.example')).toThrow(/credentials in the URL/);
    try {
      resolveRoot('https://user:hf_secret@host.example');
    } catch (error) {
      expect((error as Error).message).not.toContain('hf_secret');
    }
  });
});
