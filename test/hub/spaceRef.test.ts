import { describe, expect, it } from 'vitest';
import { isGradioError } from '../../src/errors.js';
import { classifySource, subdomainRoot } from '../../src/hub/spaceRef.js';
import { readStage, stageMessage } from '../../src/hub/stages.js';

describe('classifySource', () => {
  it.each([
    ['Qwen/Qwen2.5', { kind: 'space-id', id: 'Qwen/Qwen2.5' }],
    ['  owner/name  ', { kind: 'space-id', id: 'owner/name' }],
    ['https://qwen-qwen2-5.hf.space/', { kind: 'space-host', root: 'https://qwen-qwen2-5.hf.space', subdomain: 'qwen-qwen2-5' }],
    ['owner-demo.hf.space', { kind: 'space-host', root: 'https://owner-demo.hf.space', subdomain: 'owner-demo' }],
    ['http://127.0.0.1:7860/', { kind: 'url', root: 'http://127.0.0.1:7860' }],
    ['https://example.com/apps/demo', { kind: 'url', root: 'https://example.com/apps/demo' }],
    ['https://hf.space', { kind: 'url', root: 'https://hf.space' }],
  ])('classifies %j', (source, expected) => {
    expect(classifySource(source)).toEqual(expected);
  });

  it('refuses a malformed source with an invalid-input error', () => {
    let thrown: unknown;
    try {
      classifySource('ftp://host/app');
    } catch (error) {
      thrown = error;
    }
    expect(isGradioError(thrown) && thrown.type).toBe('invalid-input');
  });

  it('guesses a host by the documented subdomain rule, for a hub that cannot be reached', () => {
    expect(subdomainRoot('black-forest-labs/FLUX.1-dev')).toBe('https://black-forest-labs-flux-1-dev.hf.space');
    expect(subdomainRoot('hmb/hello_world')).toBe('https://hmb-hello-world.hf.space');
  });
});

describe('readStage', () => {
  it.each([
    ['SLEEPING', 'sleeping', 'wait'],
    ['STOPPED', 'sleeping', 'wait'],
    ['BUILDING', 'building', 'wait'],
    ['APP_STARTING', 'starting', 'wait'],
    ['RUNNING', 'running', 'running'],
    ['RUNNING_BUILDING', 'running', 'running'],
    ['PAUSED', 'paused', 'give-up'],
    ['BUILD_ERROR', 'error', 'give-up'],
    ['RUNTIME_ERROR', 'error', 'give-up'],
    ['CONFIG_ERROR', 'error', 'give-up'],
    ['NO_APP_FILE', 'error', 'give-up'],
    ['SOMETHING_NEW', 'error', 'give-up'],
  ])('reads %s as %s (%s)', (raw, stage, verdict) => {
    expect(readStage(raw)).toEqual({ raw, stage, verdict });
  });

  it('says in its message what the stage means, naming an error stage', () => {
    expect(stageMessage('o/n', readStage('PAUSED'))).toMatch(/o\/n is paused/);
    expect(stageMessage('o/n', readStage('RUNTIME_ERROR'))).toContain('RUNTIME_ERROR');
    expect(stageMessage('o/n', readStage('SLEEPING'))).toBe('o/n is asleep: waking it up');
  });
});
