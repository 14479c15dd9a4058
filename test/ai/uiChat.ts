/**
 * The AI SDK's UI core as the hooks run it (`AbstractChat` with a plain state), for the
 * transport tests in Node and in Chromium. No Node built-ins: it is bundled for the page too.
 */
import { AbstractChat, type ChatState, type ChatStatus, type ChatTransport, type UIMessage } from 'ai';

/** The state a framework binding keeps; plain fields here. */
class PlainChatState implements ChatState<UIMessage> {
  status: ChatStatus = 'ready';
  error: Error | undefined = undefined;
  messages: UIMessage[] = [];
  pushMessage = (message: UIMessage): void => void (this.messages = [...this.messages, message]);
  popMessage = (): void => void (this.messages = this.messages.slice(0, -1));
  replaceMessage = (index: number, message: UIMessage): void => void (this.messages = this.messages.map((old, i) => (i === index ? message : old)));
  snapshot = <T>(value: T): T => structuredClone(value);
}

/** A chat as the UI hooks run it. */
export class PlainChat extends AbstractChat<UIMessage> {
  constructor(transport: ChatTransport<UIMessage>) {
    super({ transport, state: new PlainChatState() });
  }
}

/** The text of a UI message. */
export function textOf(message: UIMessage | undefined): string {
  return (message?.parts ?? []).map((part) => (part.type === 'text' ? part.text : '')).join('');
}
