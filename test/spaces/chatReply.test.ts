import { describe, expect, it } from 'vitest';
import { chatReplyText } from '../../src/spaces/chatReply.js';

describe('chatReplyText', () => {
  it('reads the bot item of the last pair of a tuples history', () => {
    // the shape of b03_queue_chat_data.txt (real Gradio 5.49.1, gr.Chatbot(type="tuples"))
    expect(chatReplyText([['Hello Qwen, how are you?', '[Qwen2.5-72B-Instruct] system=68chars']])).toBe('[Qwen2.5-72B-Instruct] system=68chars');
  });

  it('reads a {text} bot item, as the original provider did', () => {
    expect(chatReplyText([['Hi', { text: 'Hello there' }]])).toBe('Hello there');
  });

  it('gives an empty text while the bot has not answered', () => {
    expect(chatReplyText([['Hi', null]])).toBe('');
    expect(chatReplyText([{ role: 'user', content: 'Hi' }])).toBe('');
  });

  it('reads the last assistant message of a messages history, string or {text} or text parts', () => {
    expect(chatReplyText([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }])).toBe('Hello');
    expect(chatReplyText([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: { text: 'Hey' } }])).toBe('Hey');
    expect(chatReplyText([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: [{ type: 'text', text: 'Yo' }] }])).toBe('Yo');
  });

  it('answers only for the last user turn, not for earlier ones', () => {
    const history = [
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello' },
      { role: 'user', content: 'Bye' },
      { role: 'assistant', content: 'Goodbye' },
    ];
    expect(chatReplyText(history)).toBe('Goodbye');
    expect(chatReplyText([['Hi', 'Hello'], ['Bye', 'Goodbye']])).toBe('Goodbye');
  });

  it('joins a reply given in several bubbles with a blank line, so the text only grows', () => {
    expect(chatReplyText([{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'One' }, { role: 'assistant', content: 'Two' }])).toBe('One\n\nTwo');
    expect(chatReplyText([['Hi', 'One'], [null, 'Two']])).toBe('One\n\nTwo');
  });

  it('gives a file in a tuples history no text', () => {
    expect(chatReplyText([['Draw', ['/tmp/gradio/x/cat.png', 'a cat']]])).toBe('');
  });

  it('is undefined for values that are no chat history', () => {
    expect([chatReplyText(undefined), chatReplyText('text'), chatReplyText([])]).toEqual([undefined, undefined, undefined]);
  });
});
