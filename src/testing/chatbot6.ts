/**
 * The Gradio 6 chatbot, which knows only the messages format with content blocks
 * (real6/README.md items 2 and 3): its `/info` schema (real6/b02_get_info.txt), how it turns a
 * function's history into the wire shape (real6/b03) and how it validates a history sent as
 * input (real6/b07b, b07e, b07f).
 */

/** `api_info` of a Gradio 6 Chatbot, as real6/b01 and b02 show it (pydantic's JSON schema). */
export const chatbot6Schema: Record<string, unknown> = {
  $defs: {
    ComponentMessage: {"properties": {"component": {"title": "Component", "type": "string"}, "value": {"title": "Value"}, "constructor_args": {"title": "Constructor Args", "type": "object"}, "props": {"title": "Props", "type": "object"}, "type": {"const": "component", "default": "component", "title": "Type", "type": "string"}}, "required": ["component", "value", "constructor_args", "props"], "title": "ComponentMessage", "type": "object"},
    FileData: {"description": "The FileData class is a subclass of the GradioModel class that represents a file object within a Gradio interface. It is used to store file data and metadata when a file is uploaded.\n\nAttributes:\n    path: The server file path where the file is stored.\n    url: The normalized server URL pointing to the file.\n    size: The size of the file in bytes.\n    orig_name: The original filename before upload.\n    mime_type: The MIME type of the file.\n    is_stream: Indicates whether the file is a stream.\n    meta: Additional metadata used internally (should not be changed).", "properties": {"path": {"title": "Path", "type": "string"}, "url": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Url"}, "size": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null, "title": "Size"}, "orig_name": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Orig Name"}, "mime_type": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Mime Type"}, "is_stream": {"default": false, "title": "Is Stream", "type": "boolean"}, "meta": {"$ref": "#/$defs/FileDataMeta"}}, "required": ["path"], "title": "FileData", "type": "object"},
    FileDataMeta: {"properties": {"_type": {"const": "gradio.FileData", "title": "Type", "type": "string"}}, "required": ["_type"], "title": "FileDataMeta", "type": "object"},
    FileMessage: {"properties": {"file": {"$ref": "#/$defs/FileData"}, "alt_text": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null, "title": "Alt Text"}, "type": {"const": "file", "default": "file", "title": "Type", "type": "string"}}, "required": ["file"], "title": "FileMessage", "type": "object"},
    Message: {"properties": {"role": {"title": "Role", "type": "string"}, "metadata": {"anyOf": [{"$ref": "#/$defs/MetadataDict"}, {"type": "null"}], "default": null}, "content": {"items": {"anyOf": [{"$ref": "#/$defs/TextMessage"}, {"$ref": "#/$defs/FileMessage"}, {"$ref": "#/$defs/ComponentMessage"}]}, "title": "Content", "type": "array"}, "options": {"anyOf": [{"items": {"$ref": "#/$defs/OptionDict"}, "type": "array"}, {"type": "null"}], "default": null, "title": "Options"}}, "required": ["role", "content"], "title": "Message", "type": "object"},
    MetadataDict: {"description": "A typed dictionary to represent metadata for a message in the Chatbot component. An\ninstance of this dictionary is used for the `metadata` field in a ChatMessage when\nthe chat message should be displayed as a thought.\nParameters:\n    title: The title of the \"thought\" message. Required if the message is to be displayed as a thought.\n    id: The ID of the message. Only used for nested thoughts. Nested thoughts can be nested by setting the parent_id to the id of the parent thought.\n    parent_id: The ID of the parent message. Only used for nested thoughts.\n    log: A string message to display next to the thought title in a subdued font.\n    duration: The duration of the message in seconds. Appears next to the thought title in a subdued font inside a parentheses.\n    status: if set to `\"pending\"`, a spinner appears next to the thought title and the accordion is initialized open.  If `status` is `\"done\"`, the thought accordion is initialized closed. If `status` is not provided, the thought accordion is initialized open and no spinner is displayed.", "properties": {"title": {"title": "Title", "type": "string"}, "id": {"anyOf": [{"type": "integer"}, {"type": "string"}], "title": "Id"}, "parent_id": {"anyOf": [{"type": "integer"}, {"type": "string"}], "title": "Parent Id"}, "log": {"title": "Log", "type": "string"}, "duration": {"title": "Duration", "type": "number"}, "status": {"enum": ["pending", "done"], "title": "Status", "type": "string"}}, "title": "MetadataDict", "type": "object"},
    OptionDict: {"description": "A typed dictionary to represent an option in a ChatMessage. A list of these\ndictionaries is used for the `options` field in a ChatMessage.\nParameters:\n    value: The value to return when the option is selected.\n    label: The text to display in the option, if different from the value.", "properties": {"value": {"title": "Value", "type": "string"}, "label": {"title": "Label", "type": "string"}}, "required": ["value"], "title": "OptionDict", "type": "object"},
    TextMessage: {"properties": {"text": {"title": "Text", "type": "string"}, "type": {"const": "text", "default": "text", "title": "Type", "type": "string"}}, "required": ["text"], "title": "TextMessage", "type": "object"},
  },
  "items": {"$ref": "#/$defs/Message"},
  "title": "ChatbotDataMessages",
  "type": "array",
  "additional_description": null,
};

/** `python_type.type` of a Gradio 6 Chatbot in `/info` (real6/b02). */
export const chatbot6PythonType =
  "list[dict(role: str, metadata: dict(title: str, id: int | str, parent_id: int | str, log: str, duration: float, status: Literal['pending', 'done']) | None, content: list[dict(text: str, type: Literal[text]) | dict(file: filepath, alt_text: str | None, type: Literal[file]) | dict(component: str, value: Any, constructor_args: dict(), props: dict(), type: Literal[component])], options: list[dict(value: str, label: str)] | None)]";

/** `example_inputs` of a Gradio 6 Chatbot (real6/b01). */
export const chatbot6Example: unknown[] = [
  { role: 'user', metadata: null, content: [{ text: 'Hello!', type: 'text' }], options: null },
  { role: 'assistant', metadata: null, content: [{ text: 'How can I help you?', type: 'text' }], options: null },
];

/**
 * The history a function returns, as Gradio 6's `Chatbot.postprocess` sends it: every message
 * `{role, metadata, content, options}` with `content` a list of blocks, where a string becomes
 * `{"text", "type": "text"}` and a FileData becomes `{"file", "alt_text", "type": "file"}`.
 * Throws (a hidden error, like Gradio) for a value that is not a list of messages, such as a
 * tuples history.
 */
export function toChatbot6Value(value: unknown): unknown {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) throw new Error(`Chatbot: expected a list of messages, got ${typeName(value)}.`);
  return value.map((message, index) => {
    if (!isRecord(message) || typeof message['role'] !== 'string' || !('content' in message)) {
      throw new Error(
        `Chatbot: message ${index} is not a {"role", "content"} dict: Gradio 6 supports only the messages format (no tuples).`,
      );
    }
    return {
      role: message['role'],
      metadata: message['metadata'] ?? null,
      content: contentBlocks(message['content']),
      options: message['options'] ?? null,
    };
  });
}

function contentBlocks(content: unknown): unknown[] {
  const parts = Array.isArray(content) ? content : [content];
  return parts.flatMap((part): unknown[] => {
    if (part === null || part === undefined) return [];
    if (typeof part === 'string') return [{ text: part, type: 'text' }];
    if (typeof part === 'number' || typeof part === 'boolean') return [{ text: String(part), type: 'text' }];
    if (isRecord(part) && part['type'] === 'text' && typeof part['text'] === 'string') return [{ text: part['text'], type: 'text' }];
    if (isRecord(part) && part['type'] === 'file' && isRecord(part['file'])) {
      return [{ file: part['file'], alt_text: part['alt_text'] ?? null, type: 'file' }];
    }
    if (isRecord(part) && typeof part['path'] === 'string') return [{ file: part, alt_text: null, type: 'file' }];
    if (isRecord(part) && typeof part['text'] === 'string' && part['type'] === undefined) return [{ text: part['text'], type: 'text' }];
    if (isRecord(part) && part['type'] === 'component') return [part];
    throw new Error(`Chatbot: cannot show ${typeName(part)} as message content.`);
  });
}

/**
 * Why a history sent as input fails the validation of Gradio 6.25 (`ChatbotDataMessages`), or
 * undefined when it passes. Only lists of `{role: str, content: [blocks]}` pass: string content
 * (real6/b07e) and tuples fail; blocks need their `text` (text) or `file` (file) field.
 */
export function chatbot6InputIssue(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (!Array.isArray(value)) return `Input should be a valid list (got ${typeName(value)})`;
  for (const [index, message] of value.entries()) {
    if (!isRecord(message)) return `${index}: Input should be a valid dictionary (got ${typeName(message)}); Gradio 6 has no tuples format`;
    if (typeof message['role'] !== 'string') return `${index}.role: Field required (a string)`;
    const content = message['content'];
    if (!Array.isArray(content)) return `${index}.content: Input should be a valid list of content blocks (got ${typeName(content)})`;
    for (const [blockIndex, block] of content.entries()) {
      if (!isBlock(block)) return `${index}.content.${blockIndex}: Input should be a TextMessage, FileMessage or ComponentMessage`;
    }
  }
  return undefined;
}

/**
 * A validated input history as the function receives it: every message with its `metadata`
 * and `options` (null when left out) and text blocks with their `type`.
 */
export function chatbot6Input(value: unknown): unknown {
  if (!Array.isArray(value)) return value ?? [];
  return value.map((message: Record<string, unknown>) => ({
    role: message['role'],
    metadata: message['metadata'] ?? null,
    content: (message['content'] as Record<string, unknown>[]).map((block) =>
      typeof block['text'] === 'string' && (block['type'] ?? 'text') === 'text'
        ? { text: block['text'], type: 'text' }
        : typeof block['component'] === 'string'
          ? { ...block, type: 'component' }
          : { file: block['file'], alt_text: block['alt_text'] ?? null, type: 'file' },
    ),
    options: message['options'] ?? null,
  }));
}

function isBlock(block: unknown): boolean {
  if (!isRecord(block)) return false;
  const type = block['type'];
  if ((type === undefined || type === 'text') && typeof block['text'] === 'string') return true;
  if ((type === undefined || type === 'file') && isRecord(block['file']) && typeof block['file']['path'] === 'string') return true;
  return (type === undefined || type === 'component') && typeof block['component'] === 'string' && 'value' in block && isRecord(block['constructor_args']) && isRecord(block['props']);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeName(value: unknown): string {
  if (value === null) return 'None';
  if (Array.isArray(value)) return 'list';
  return typeof value === 'object' ? 'dict' : typeof value;
}
