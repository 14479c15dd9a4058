/**
 * `GradioChatTransport` under the AI SDK's UI core (`AbstractChat`, what `useChat` and its
 * Angular, Vue and Svelte equivalents run), in Node, against fake Spaces over real sockets.
 */
import { describe, expect, it } from 'vitest';
import { createGradioProvider, GradioChatTransport } from '../../src/ai/index.js';
import { useFakeServer } from '../helpers/fakeServer.js';
import { qvqSpace, qwen25Space, qwen25Tokens } from '../spaces/fakeSpaces.js';
import { waitFor } from '../spaces/helpers.js';
import { type ChatbotFormat, chatReplyTokens, chatSpace } from './chatSpace.js';
import { joinsOf } from './helpers.js';
import { PlainChat as NodeChat, textOf } from './uiChat.js';

const start = useFakeServer();
const spaces = createGradioProvider();

describe('GradioChatTransport under the AI SDK UI core', () => {
  it('streams a preset’s answer into the assistant message', async () => {
    const server = await start(qwen25Space());
    const chat = new NodeChat(new GradioChatTransport({ model: spaces('qwen-2.5', { url: server.url }) }));
    await chat.sendMessage({ text: 'Name three primes' });
    expect(chat.status).toBe('ready');
    expect(chat.messages.map((message) => message.role)).toEqual(['user', 'assistant']);
    expect(textOf(chat.lastMessage)).toBe(qwen25Tokens('Name three primes', '72B').join(''));
  });

  it.each(['tuples', 'messages', 'blocks'] as ChatbotFormat[])('keeps a conversation with a %s chat Space, sending the history back', async (format) => {
    const server = await start(chatSpace(format));
    const chat = new NodeChat(new GradioChatTransport({ model: spaces.chat(server.url, { endpoint: '/chat', inputs: ['prompt', 'history', 'system'] }) }));
    await chat.sendMessage({ text: 'Hi' });
    await chat.sendMessage({ text: 'Again' });
    expect(textOf(chat.lastMessage)).toBe(chatReplyTokens('Again', 2).join(''));
    expect((joinsOf(server)[1]!.body as { data: unknown[] }).data[1]).toHaveLength(format === 'tuples' ? 1 : 2);
  });

  it('cancels the job on the Space when the chat is stopped', async () => {
    const server = await start(qvqSpace());
    const chat = new NodeChat(new GradioChatTransport({ model: spaces('qvq-72b', { url: server.url }) }));
    const sent = chat.sendMessage({ text: 'SLOW please' });
    await waitFor(() => textOf(chat.lastMessage).includes('step2'));
    await chat.stop();
    await sent;
    await waitFor(() => server.fake.cancelled.length === 1 && server.fake.stopped.length === 1);
    expect(server.fake.cancelled[0]!.via).toBe('cancel');
    expect(server.fake.stopped).toEqual([server.fake.cancelled[0]!.eventId]);
    expect(chat.status).toBe('ready');
    expect(textOf(chat.lastMessage)).not.toContain('step200');
  });

  it('sends the headers of a request with that job only', async () => {
    const server = await start(qwen25Space());
    const chat = new NodeChat(new GradioChatTransport({ model: spaces('qwen-2.5', { url: server.url }) }));
    await chat.sendMessage({ text: 'Hi' }, { headers: { 'X-IP-Token': 'visitor-1' } });
    await chat.sendMessage({ text: 'Again' });
    expect(joinsOf(server).map((join) => join.headers['x-ip-token'])).toEqual(['visitor-1', undefined]);
  });

  it('reports a failure of the Space as the chat’s error', async () => {
    const server = await start(qvqSpace());
    const chat = new NodeChat(new GradioChatTransport({ model: spaces('qvq-72b', { url: server.url }) }));
    await chat.sendMessage({ text: 'QUOTA' });
    expect(chat.status).toBe('error');
    expect(chat.error?.message).toMatch(/GPU quota/);
  });

  it('has no stream to resume: a Gradio job cannot be rejoined', async () => {
    const transport = new GradioChatTransport({ model: spaces('qwen-2.5') });
    await expect(transport.reconnectToStream()).resolves.toBeNull();
  });
});
