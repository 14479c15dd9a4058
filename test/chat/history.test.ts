import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildChatHistory, chatHistoryFormat } from '../../src/chat/history.js';
import { lastReply } from '../../src/chat/lastReply.js';
import { chatReplyText } from '../../src/chat/replyText.js';
import type { GradioConfig } from '../../src/protocol.js';
import { specFixtures } from '../helpers/fixturePaths.js';

/** The JSON body of a captured `/config` answer (the capture's one line that starts with `{`). */
function capturedConfig(file: string): GradioConfig {
  const text = readFileSync(new URL(file, specFixtures), 'utf8');
  return JSON.parse(text.slice(text.indexOf('\n{') + 1)) as GradioConfig;
}

const chatbotId = (config: GradioConfig): number => config.components.find((component) => component.type === 'chatbot')!.id;

const turns = [
  { role: 'user', text: 'Hi' },
  { role: 'assistant', text: 'Hello' },
  { role: 'user', text: '2+2?' },
  { role: 'assistant', text: '4' },
] as const;

describe('chatHistoryFormat', () => {
  it('reads tuples from the Gradio 4.44.1 and 5.49.1 Qwen2.5 configs', () => {
    for (const file of ['real4/g01_get_config.txt', 'real/b01_get_config.txt']) {
      const config = capturedConfig(file);
      expect(chatHistoryFormat(config, chatbotId(config))).toBe('tuples');
    }
  });

  it('reads content blocks from the Gradio 6.25.0 config, whose chatbot has no type', () => {
    const config = capturedConfig('real6/b01_get_config.txt');
    expect(chatHistoryFormat(config, chatbotId(config))).toBe('blocks');
  });

  it('reads messages from a Gradio 5 chatbot of type messages', () => {
    const config: GradioConfig = { version: '5.49.1', components: [{ id: 4, type: 'chatbot', props: { type: 'messages' } }], dependencies: [] };
    expect(chatHistoryFormat(config, 4)).toBe('messages');
    expect(chatHistoryFormat(config, 5)).toBe('tuples');
  });

  it('reads the chatbot type when the version is missing or not a string', () => {
    const components = [{ id: 4, type: 'chatbot', props: { type: 'messages' } }];
    for (const version of [undefined, { toString: false }, 6]) {
      expect(chatHistoryFormat({ version, components, dependencies: [] } as unknown as GradioConfig, 4)).toBe('messages');
    }
  });
});

describe('buildChatHistory', () => {
  it('pairs user and assistant turns for a tuples chatbot', () => {
    expect(buildChatHistory(turns, 'tuples')).toEqual([
      ['Hi', 'Hello'],
      ['2+2?', '4'],
    ]);
  });

  it('leaves the missing side of a pair null', () => {
    expect(buildChatHistory([{ role: 'assistant', text: 'Welcome' }, { role: 'user', text: 'Hi' }, { role: 'user', text: 'Anyone?' }], 'tuples')).toEqual([
      [null, 'Welcome'],
      ['Hi', null],
      ['Anyone?', null],
    ]);
  });

  it('writes string contents for a messages chatbot and text blocks for Gradio 6', () => {
    expect(buildChatHistory(turns.slice(0, 2), 'messages')).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
    ]);
    expect(buildChatHistory(turns.slice(0, 2), 'blocks')).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
    ]);
  });

  it('builds histories whose reply reads back as the last assistant turn, in every format', () => {
    for (const format of ['tuples', 'messages', 'blocks'] as const) {
      expect(chatReplyText(buildChatHistory(turns, format))).toBe('4');
    }
  });
});

describe('lastReply', () => {
  it('points at the text of a Gradio 6 content block as its streaming diffs do', () => {
    // b03 (6.25.0): appends go to [<message>, "content", <block>, "text"]; a list of blocks has no single path
    expect(lastReply([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }, { role: 'assistant', content: [{ type: 'text', text: 'Hel' }] }])).toEqual({ text: 'Hel', item: 1 });
  });

  it('names the next index while the assistant has not answered', () => {
    expect(lastReply([{ role: 'user', content: 'Hi' }])).toEqual({ text: '', item: 1 });
  });

  it('gives the path of a string reply so deltas can be read from append edits', () => {
    expect(lastReply([['Hi', 'Hel']])).toEqual({ text: 'Hel', item: 0, path: [0, 1] });
    expect(lastReply([{ role: 'assistant', content: { text: 'Hel' } }])).toEqual({ text: 'Hel', item: 0, path: [0, 'content', 'text'] });
  });

  it('is undefined for values that are not chat histories', () => {
    expect(lastReply([])).toBeUndefined();
    expect(lastReply('text')).toBeUndefined();
    expect(lastReply([1, 2, 3])).toBeUndefined();
  });
});
