/**
 * The AI SDK's prompt (`LanguageModelV4Prompt`) read as a Gradio Space takes it: system
 * texts, text turns, files. What a Space cannot take is refused with the AI SDK's
 * `UnsupportedFunctionalityError` or dropped with a warning, as the specification prescribes.
 */
import { InvalidPromptError, type LanguageModelV4FilePart, type LanguageModelV4Prompt, type SharedV4Warning, UnsupportedFunctionalityError } from '@ai-sdk/provider';
import type { ChatTurn } from '../chat/history.js';
import type { ChatMessage, SpaceCapabilities } from '../spaces/types.js';

/** A file of a user message, as the prompt carries it (bytes, base64, a URL). */
export interface PromptFile {
  part: LanguageModelV4FilePart;
  /** Position among the prompt's files, for names and messages. */
  index: number;
}

/** A message of a prompt: its role and its text. */
export interface PromptMessage {
  /** Who wrote it. */
  role: 'system' | 'user' | 'assistant';
  /** Its text parts, joined. */
  text: string;
}

/** A prompt as a Space reads it. */
export interface SpacePrompt {
  /** The text of each system message, in order. */
  system: string[];
  /** User and assistant turns in order; the last one is the user's question. */
  turns: ChatTurn[];
  /** Every message's text in the prompt's order, system messages included. */
  messages: PromptMessage[];
  /** The images of the user messages, in order. */
  files: PromptFile[];
  warnings: SharedV4Warning[];
}

/**
 * Reads the prompt for a Space with these capabilities.
 *
 * @throws UnsupportedFunctionalityError for tool calls or results, a file for a Space that takes
 *   no images, or a file that is not an image.
 * @throws InvalidPromptError when there is no user message to answer.
 */
export function readPrompt(prompt: LanguageModelV4Prompt, capabilities: SpaceCapabilities): SpacePrompt {
  const read: SpacePrompt = { system: [], turns: [], messages: [], files: [], warnings: [] };
  const dropped = new Set<string>();
  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        read.system.push(message.content);
        read.messages.push({ role: 'system', text: message.content });
        break;
      case 'user': {
        let text = '';
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else read.files.push({ part: checkedImage(part, capabilities), index: read.files.length });
        }
        read.turns.push({ role: 'user', text });
        read.messages.push({ role: 'user', text });
        break;
      }
      case 'assistant': {
        let text = '';
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'tool-call' || part.type === 'tool-result') throw toolsInPrompt();
          else dropped.add(part.type); // reasoning, files, custom parts: a Space only reads text back
        }
        read.turns.push({ role: 'assistant', text });
        read.messages.push({ role: 'assistant', text });
        break;
      }
      case 'tool':
        throw toolsInPrompt();
    }
  }
  if (read.turns.at(-1)?.role !== 'user') {
    throw new InvalidPromptError({ prompt, message: 'The prompt must end with a user message: a Gradio Space answers the last user turn.' });
  }
  for (const type of dropped) {
    read.warnings.push({ type: 'unsupported', feature: `${type} parts in assistant messages`, details: 'A Gradio Space only reads the text of earlier answers; these parts were left out.' });
  }
  read.warnings.push(...flatteningWarnings(read, capabilities));
  return read;
}

/** Messages as the presets and `formatPrompt` take them: `{ role, content }`, content the text. */
export function chatMessages(messages: readonly PromptMessage[]): ChatMessage[] {
  return messages.map(({ role, text }) => ({ role, content: text }));
}

/** What turns into one prompt because the Space has no input for it. */
function flatteningWarnings(read: SpacePrompt, capabilities: SpaceCapabilities): SharedV4Warning[] {
  const warnings: SharedV4Warning[] = [];
  if (read.system.length > 0 && !capabilities.supportsSystemMessage) {
    warnings.push({ type: 'compatibility', feature: 'system messages', details: 'This Space takes no system prompt: system messages become "System: …" lines of the one prompt.' });
  }
  if (read.turns.length > 1 && !capabilities.supportsMessageHistory) {
    warnings.push({ type: 'compatibility', feature: 'message history', details: 'This Space takes no chat history: the conversation is flattened into one prompt ("User: …\\nAssistant: …").' });
  }
  return warnings;
}

function checkedImage(part: LanguageModelV4FilePart, capabilities: SpaceCapabilities): LanguageModelV4FilePart {
  if (!capabilities.supportsImages) {
    throw new UnsupportedFunctionalityError({ functionality: 'file parts', message: `This Space takes text only: it cannot read the ${part.mediaType} file part.` });
  }
  if (part.mediaType !== 'image' && !part.mediaType.startsWith('image/')) {
    throw new UnsupportedFunctionalityError({ functionality: `${part.mediaType} file parts`, message: `This Space takes images only, not ${part.mediaType} files.` });
  }
  if (part.data.type === 'reference' || part.data.type === 'text') {
    throw new UnsupportedFunctionalityError({ functionality: `${part.data.type} file data`, message: `A Gradio Space needs the image's bytes or URL, not ${part.data.type} file data.` });
  }
  return part;
}

function toolsInPrompt(): UnsupportedFunctionalityError {
  return new UnsupportedFunctionalityError({ functionality: 'tool calls and results', message: 'A Gradio Space cannot call tools: the prompt holds tool calls or tool results.' });
}
