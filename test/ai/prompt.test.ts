import { InvalidPromptError, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { readPrompt } from '../../src/ai/prompt.js';
import type { SpaceCapabilities } from '../../src/spaces/types.js';

const textOnly: SpaceCapabilities = { supportsStream: true, supportsSystemMessage: true, supportsMessageHistory: true, supportsImages: false };
const vision: SpaceCapabilities = { ...textOnly, supportsImages: true };

describe('readPrompt', () => {
  it('keeps system, user and assistant texts in order, joining the text parts of a message', () => {
    const read = readPrompt(
      [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: [{ type: 'text', text: 'Hello ' }, { type: 'text', text: 'there' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'user', content: [{ type: 'text', text: 'Bye' }] },
      ],
      textOnly,
    );
    expect(read.messages).toEqual([
      { role: 'system', text: 'Be brief.' },
      { role: 'user', text: 'Hello there' },
      { role: 'assistant', text: 'Hi' },
      { role: 'user', text: 'Bye' },
    ]);
    expect(read.system).toEqual(['Be brief.']);
    expect(read.turns.map((turn) => turn.role)).toEqual(['user', 'assistant', 'user']);
    expect(read.warnings).toEqual([]);
  });

  it('leaves reasoning out of earlier answers with a warning', () => {
    const read = readPrompt(
      [
        { role: 'user', content: [{ type: 'text', text: 'Q' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'thinking…' }, { type: 'text', text: 'A' }] },
        { role: 'user', content: [{ type: 'text', text: 'Q2' }] },
      ],
      textOnly,
    );
    expect(read.turns[1]).toEqual({ role: 'assistant', text: 'A' });
    expect(read.warnings).toEqual([expect.objectContaining({ type: 'unsupported', feature: 'reasoning parts in assistant messages' })]);
  });

  it('warns when the system prompt or the history will be flattened, and only then', () => {
    const prompt = [
      { role: 'system' as const, content: 'S' },
      { role: 'user' as const, content: [{ type: 'text' as const, text: 'Q' }] },
    ];
    expect(readPrompt(prompt, { ...textOnly, supportsSystemMessage: false }).warnings).toEqual([expect.objectContaining({ type: 'compatibility', feature: 'system messages' })]);
    expect(readPrompt(prompt, { ...textOnly, supportsMessageHistory: false }).warnings).toEqual([]);
  });

  it('collects image parts for a Space that takes images, and refuses them otherwise', () => {
    const prompt = [{ role: 'user' as const, content: [{ type: 'file' as const, mediaType: 'image/png', data: { type: 'data' as const, data: new Uint8Array([1]) } }] }];
    expect(readPrompt(prompt, vision).files).toHaveLength(1);
    expect(() => readPrompt(prompt, textOnly)).toThrow(UnsupportedFunctionalityError);
  });

  it('refuses file data a Space cannot receive: a provider reference', () => {
    const prompt = [{ role: 'user' as const, content: [{ type: 'file' as const, mediaType: 'image/png', data: { type: 'reference' as const, reference: { openai: 'file-1' } } }] }];
    expect(() => readPrompt(prompt, vision)).toThrow(/reference file data/);
  });

  it('refuses a prompt that does not end with a user message', () => {
    expect(() => readPrompt([{ role: 'system', content: 'S' }], textOnly)).toThrow(InvalidPromptError);
    expect(() =>
      readPrompt(
        [
          { role: 'user', content: [{ type: 'text', text: 'Q' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'A' }] },
        ],
        textOnly,
      ),
    ).toThrow(InvalidPromptError);
  });
});
