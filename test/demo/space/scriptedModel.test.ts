import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lastQuestion, pacedTokens, scriptedAnswer, scriptedTokens, seededRandom, tokenize } from '../../../demo/space/scriptedModel.js';
import { formatPrompt } from '../../../src/spaces/index.js';

describe('scriptedAnswer', () => {
  it('answers the seed example "What is the capital of France?" with Paris', () => {
    expect(scriptedAnswer({ prompt: 'What is the capital of France?' })).toMatch(/^The capital of France is Paris\./);
  });

  it('keeps to the first sentence when the system prompt asks for one sentence', () => {
    const full = scriptedAnswer({ prompt: 'What is the capital of France?' });
    const brief = scriptedAnswer({ prompt: 'What is the capital of France?', systemPrompt: 'Answer in one sentence.' });
    expect(brief).toBe('The capital of France is Paris.');
    expect(full.startsWith(brief)).toBe(true);
    expect(full.length).toBeGreaterThan(brief.length);
  });

  it('quotes a question it has no script for', () => {
    expect(scriptedAnswer({ prompt: 'Why is the sky blue?' })).toContain('“Why is the sky blue?”');
  });

  it('answers the last user turn of a conversation formatted by formatPrompt', () => {
    const prompt = formatPrompt([
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Hi! Ask me anything.' },
      { role: 'user', content: 'What is the capital of France?' },
    ]);
    expect(lastQuestion(prompt)).toBe('What is the capital of France?');
    expect(scriptedAnswer({ prompt })).toMatch(/^The capital of France is Paris\./);
  });
});

describe('scriptedTokens', () => {
  it('gives tokens that join up to the scripted answer', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prompt, systemPrompt) => {
        const tokens = scriptedTokens({ prompt, systemPrompt });
        expect(tokens.map((token) => token.text).join('')).toBe(scriptedAnswer({ prompt, systemPrompt }));
      }),
    );
  });

  it('streams the same request with the same delays every time, within the pace', () => {
    const request = { prompt: 'Tell me a long story' };
    const pace = { min: 10, max: 30 };
    const first = scriptedTokens(request, pace);
    expect(scriptedTokens(request, pace)).toEqual(first);
    expect(first.every((token) => token.delayMs >= pace.min && token.delayMs <= pace.max + pace.min)).toBe(true);
    // Random-ish: not one constant delay.
    expect(new Set(first.map((token) => token.delayMs)).size).toBeGreaterThan(5);
  });

  it('paces other prompts differently', () => {
    const delays = (prompt: string) => pacedTokens(tokenize('one two three four five six'), prompt).map((token) => token.delayMs);
    expect(delays('a')).not.toEqual(delays('b'));
  });
});

describe('tokenize', () => {
  it('splits words with their leading space and punctuation on its own', () => {
    expect(tokenize('Hello, world! It’s 2.1 km.')).toEqual(['Hello', ',', ' world', '!', ' It’s', ' 2', '.', '1', ' km', '.']);
  });

  it('loses no character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(tokenize(text).join('')).toBe(text);
      }),
    );
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and stays in [0, 1)', () => {
    const a = seededRandom('seed');
    const b = seededRandom('seed');
    const values = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(values);
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
    expect(seededRandom('other')()).not.toBe(values[0]);
  });
});
