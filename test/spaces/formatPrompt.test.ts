import { describe, expect, it } from 'vitest';
import { isGradioError } from '../../src/errors.js';
import { contentText, formatPrompt } from '../../src/spaces/formatPrompt.js';
import type { ChatMessage } from '../../src/spaces/types.js';

// The rules of gpt4free's format_prompt and to_string, spec §12.3.

const user = (content: ChatMessage['content']): ChatMessage => ({ role: 'user', content });
const assistant = (content: ChatMessage['content']): ChatMessage => ({ role: 'assistant', content });

describe('formatPrompt', () => {
  it('returns the text of a single message alone, without a role or "Assistant:"', () => {
    expect(formatPrompt([user('What is in this image?')])).toBe('What is in this image?');
  });

  it('keeps a single message as it is, even when it is blank', () => {
    expect(formatPrompt([user('  ')])).toBe('  ');
  });

  it('prefixes each message with its capitalised role, joins with newlines and appends "\\nAssistant:"', () => {
    expect(formatPrompt([user('Hi'), assistant('Hello'), user('2+2?')])).toBe('User: Hi\nAssistant: Hello\nUser: 2+2?\nAssistant:');
  });

  it('capitalises roles the way Python does: first letter upper, the rest lower', () => {
    expect(formatPrompt([{ role: 'SYSTEM', content: 'Be brief.' }, { role: 'uSeR', content: 'Hi' }])).toBe('System: Be brief.\nUser: Hi\nAssistant:');
  });

  it('drops messages whose text is blank', () => {
    expect(formatPrompt([user('Hi'), assistant('   \n'), user('Again?'), assistant(null)])).toBe('User: Hi\nUser: Again?\nAssistant:');
  });

  it('reads the text parts of a content list and ignores images', () => {
    const content = [{ type: 'text', text: 'What is ' }, { type: 'image_url', image_url: { url: 'x' } }, { text: 'this?' }];
    expect(formatPrompt([user('Hi'), user(content)])).toBe('User: Hi\nUser: What is this?\nAssistant:');
  });

  it('reads {text} objects and gives file references {name} no text', () => {
    expect(formatPrompt([user({ text: 'Look:' }), user({ name: 'cat.png' }), user('ok')])).toBe('User: Look:\nUser: ok\nAssistant:');
  });

  it('refuses an empty conversation with an invalid-input error (the original crashed)', () => {
    let caught: unknown;
    try {
      formatPrompt([]);
    } catch (error) {
      caught = error;
    }
    expect(isGradioError(caught) && caught.type).toBe('invalid-input');
  });
});

describe('contentText', () => {
  it('turns null and undefined into an empty text and other values into their string form', () => {
    expect([contentText(null), contentText(undefined), contentText(42)]).toEqual(['', '', '42']);
  });

  it('gives objects without text no text', () => {
    expect(contentText({ bucket_id: 'b' })).toBe('');
  });
});
