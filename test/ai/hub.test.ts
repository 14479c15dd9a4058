/**
 * Models found by Space id through the (fake) Hugging Face hub: the presets' own Spaces, and a
 * chat Space given to `provider.chat` as `owner/name`, over real sockets.
 */
import { generateText } from 'ai';
import { describe, expect, it } from 'vitest';
import { createGradioProvider } from '../../src/ai/index.js';
import { useFakeHub } from '../helpers/fakeHub.js';
import { qwen25Space, qwen25Tokens } from '../spaces/fakeSpaces.js';
import { chatReplyTokens, chatSpace } from './chatSpace.js';

(globalThis as { AI_SDK_LOG_WARNINGS?: boolean }).AI_SDK_LOG_WARNINGS = false;

const startHub = useFakeHub();

describe('models found through the hub', () => {
  it('runs a preset on the Space its id names, with the token routed as the hub expects', async () => {
    const hub = await startHub({ spaces: { 'Qwen/Qwen2.5': { app: qwen25Space(), private: true, token: 'hf_secret' } } });
    const spaces = createGradioProvider({ hubUrl: hub.url, token: 'hf_secret' });
    const { text } = await generateText({ model: spaces('qwen-2.5'), prompt: 'Hi there' });
    expect(text).toBe(qwen25Tokens('Hi there', '72B').join(''));
    expect(hub.requests.some((request) => request.path === '/api/spaces/Qwen/Qwen2.5/host' && request.headers['authorization'] === 'Bearer hf_secret')).toBe(true);
    // the Space's code never sees the token: the edge takes X-HF-Authorization off
    const appRequests = hub.space('Qwen/Qwen2.5').app!.requests;
    expect(appRequests.length).toBeGreaterThan(0);
    expect(JSON.stringify(appRequests.map((request) => request.headers))).not.toContain('hf_secret');
  });

  it('runs provider.chat on a Space given by id', async () => {
    const hub = await startHub({ spaces: { 'someone/chat': { app: chatSpace('blocks') } } });
    const spaces = createGradioProvider({ hubUrl: hub.url });
    const model = spaces.chat('someone/chat', { endpoint: '/chat', inputs: ['prompt', 'history', 'system'] });
    const { text } = await generateText({ model, prompt: 'Hello' });
    expect(text).toBe(chatReplyTokens('Hello', 1).join(''));
  });
});
