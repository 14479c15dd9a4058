/**
 * What the fake server knows about Gradio component types: how they appear in `/config`
 * (§3.3) and `/info` (§3.4). Shapes follow the real Gradio 5.49.1 captures (real/a01, a02, b01, b02)
 * and, on the Gradio 6 layout, the 6.25.0 ones (real6/a01, a02, b01, b02).
 */
import { chatbot6Example, chatbot6PythonType, chatbot6Schema } from './chatbot6.js';

/** The Gradio major version whose wire layout the fake server imitates. */
export type GradioLayout = 4 | 5 | 6;

/** How one component type describes itself. */
export interface ComponentKind {
  /** Class name shown in `/info` (`component`). */
  className: string;
  /** JSON schema (`api_info` in `/config`, `type` in `/info`); absent for `skip_api` types. */
  apiInfo?: Record<string, unknown>;
  /** `python_type.type` in `/info`. */
  pythonType: string;
  /** `example_inputs` / `example_input`. */
  example: unknown;
  /** Default `props` besides `value`, `label` and `name`. */
  props: Record<string, unknown>;
  /** Not an API parameter (State, buttons, layout). */
  skipApi: boolean;
  /** Takes `FileData` inputs (their `meta` is mandatory on Gradio ≥ 5.5, §11.2). */
  isFile: boolean;
}

const fileDescription5 = 'For input, either path or url must be provided. For output, path is always provided.';
/** Gradio 6 describes file components as file paths (real6/a02_get_info.txt). */
const fileDescription6 = 'A local filepath or publicly available URL.';

const fileDataSchema = (title: string, description = fileDescription5): Record<string, unknown> => ({
  properties: {
    path: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, description: 'Path to a local file', title: 'Path' },
    url: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, description: 'Publicly available url or base64 encoded image', title: 'Url' },
    size: { anyOf: [{ type: 'integer' }, { type: 'null' }], default: null, description: 'Size of image in bytes', title: 'Size' },
    orig_name: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, description: 'Original filename', title: 'Orig Name' },
    mime_type: { anyOf: [{ type: 'string' }, { type: 'null' }], default: null, description: 'mime type of image', title: 'Mime Type' },
    is_stream: { default: false, description: 'Can always be set to False', title: 'Is Stream', type: 'boolean' },
    meta: { default: { _type: 'gradio.FileData' }, title: 'Meta', type: 'object' },
  },
  title,
  type: 'object',
  additional_description: description,
});

const filePythonType =
  'dict(path: str | None (Path to a local file), url: str | None (Publicly available url or base64 encoded image), size: int | None (Size of image in bytes), orig_name: str | None (Original filename), mime_type: str | None (mime type of image), is_stream: bool (Can always be set to False), meta: dict())';

const fileExample = (name: string): Record<string, unknown> => ({
  path: `https://github.com/gradio-app/gradio/raw/main/test/test_files/${name}`,
  meta: { _type: 'gradio.FileData' },
  orig_name: name,
  url: `https://github.com/gradio-app/gradio/raw/main/test/test_files/${name}`,
});

const common = { show_label: true, container: true, min_width: 160, visible: true };

const kinds: Record<string, ComponentKind> = {
  textbox: {
    className: 'Textbox',
    apiInfo: { type: 'string' },
    pythonType: 'str',
    example: 'Hello!!',
    props: { type: 'text', lines: 1, ...common },
    skipApi: false,
    isFile: false,
  },
  number: {
    className: 'Number',
    apiInfo: { type: 'number' },
    pythonType: 'float',
    example: 3,
    props: { ...common },
    skipApi: false,
    isFile: false,
  },
  slider: {
    className: 'Slider',
    apiInfo: { type: 'number' },
    pythonType: 'float',
    example: 0,
    props: { minimum: 0, maximum: 100, step: 1, ...common },
    skipApi: false,
    isFile: false,
  },
  checkbox: {
    className: 'Checkbox',
    apiInfo: { type: 'boolean' },
    pythonType: 'bool',
    example: true,
    props: { ...common },
    skipApi: false,
    isFile: false,
  },
  radio: {
    className: 'Radio',
    apiInfo: { type: 'string' },
    pythonType: 'str',
    example: null,
    props: { ...common },
    skipApi: false,
    isFile: false,
  },
  dropdown: {
    className: 'Dropdown',
    apiInfo: { type: 'string' },
    pythonType: 'str',
    example: null,
    props: { multiselect: false, ...common },
    skipApi: false,
    isFile: false,
  },
  chatbot: {
    className: 'Chatbot',
    apiInfo: { type: 'array', items: { $ref: '#/$defs/Message' } },
    pythonType: 'list[Message]',
    example: [{ role: 'user', metadata: null, content: 'Hello!', options: null }],
    props: { type: 'messages', ...common },
    skipApi: false,
    isFile: false,
  },
  markdown: {
    className: 'Markdown',
    apiInfo: { type: 'string' },
    pythonType: 'str',
    example: '# Hello!',
    props: { visible: true },
    skipApi: false,
    isFile: false,
  },
  html: {
    className: 'HTML',
    apiInfo: { type: 'string' },
    pythonType: 'str',
    example: '<p>Hello</p>',
    props: { visible: true },
    skipApi: false,
    isFile: false,
  },
  json: {
    className: 'JSON',
    apiInfo: { type: {}, description: 'any valid json' },
    pythonType: 'Dict[Any, Any] | List[Any] | None',
    example: null,
    props: { ...common },
    skipApi: false,
    isFile: false,
  },
  image: {
    className: 'Image',
    apiInfo: fileDataSchema('ImageData'),
    pythonType: filePythonType,
    example: {
      path: 'https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png',
      meta: { _type: 'gradio.FileData' },
      orig_name: 'bus.png',
      url: 'https://raw.githubusercontent.com/gradio-app/gradio/main/test/test_files/bus.png',
    },
    props: { format: 'webp', image_mode: 'RGB', type: 'filepath', ...common },
    skipApi: false,
    isFile: true,
  },
  file: {
    className: 'File',
    apiInfo: fileDataSchema('FileData'),
    pythonType: 'filepath',
    example: fileExample('sample_file.pdf'),
    props: { file_count: 'single', type: 'filepath', ...common },
    skipApi: false,
    isFile: true,
  },
  audio: {
    className: 'Audio',
    apiInfo: fileDataSchema('FileData'),
    pythonType: filePythonType,
    example: fileExample('audio_sample.wav'),
    props: { type: 'filepath', ...common },
    skipApi: false,
    isFile: true,
  },
  video: {
    className: 'Video',
    apiInfo: fileDataSchema('FileData'),
    pythonType: filePythonType,
    example: fileExample('video_sample.mp4'),
    props: { format: null, ...common },
    skipApi: false,
    isFile: true,
  },
  // A gradio.Server parameter or result: no UI, only a JSON schema from the type hint (real6/c01).
  api: { className: 'Api', apiInfo: {}, pythonType: 'Any', example: '...', props: {}, skipApi: false, isFile: false },
  state: { className: 'State', pythonType: 'Any', example: null, props: {}, skipApi: true, isFile: false },
  button: {
    className: 'Button',
    pythonType: 'Any',
    example: null,
    props: { variant: 'secondary', size: 'lg', visible: true, interactive: true },
    skipApi: true,
    isFile: false,
  },
};

/** The description of a component type; unknown types get a generic one. */
export function componentKind(type: string): ComponentKind {
  return (
    kinds[type] ?? {
      className: type.charAt(0).toUpperCase() + type.slice(1),
      apiInfo: {},
      pythonType: 'Any',
      example: null,
      props: { visible: true },
      skipApi: false,
      isFile: false,
    }
  );
}

/**
 * The JSON schema and Python type of a component in `/info`, refined by its props: a Chatbot
 * in "tuples" format, choices of a Radio/Dropdown.
 */
export function describeComponent(
  type: string,
  props: Record<string, unknown>,
  layout: GradioLayout = 5,
): { apiInfo: Record<string, unknown>; pythonType: string; pythonDescription: string | null; example: unknown } {
  const kind = componentKind(type);
  if (type === 'api') {
    const schema = (props['_api_info'] ?? {}) as Record<string, unknown>;
    return { apiInfo: schema, pythonType: pythonTypeOf(schema), pythonDescription: '', example: props['value'] ?? kind.example };
  }
  if (layout === 6 && type === 'chatbot') {
    // Gradio 6 has the messages format only, with content blocks (real6/b02).
    return { apiInfo: chatbot6Schema, pythonType: chatbot6PythonType, pythonDescription: null, example: chatbot6Example };
  }
  if (layout === 6 && kind.isFile) {
    const schema = kind.apiInfo ?? {};
    const title = typeof schema['title'] === 'string' ? schema['title'] : 'FileData';
    return { apiInfo: fileDataSchema(title, fileDescription6), pythonType: 'filepath', pythonDescription: fileDescription6, example: kind.example };
  }
  const apiInfo = kind.apiInfo ?? {};
  // Gradio copies a schema's `additional_description` into `python_type.description` (real/a02).
  const extra = apiInfo['additional_description'];
  const pythonDescription = typeof extra === 'string' ? extra : '';
  if (type === 'chatbot' && props['type'] === 'tuples') {
    return {
      apiInfo: { type: 'array', items: { type: 'array', maxItems: 2, minItems: 2, items: { anyOf: [{ type: 'string' }, { type: 'null' }] } } },
      pythonType: 'list[list[str | None]]',
      pythonDescription: '',
      example: [['Hello!', null]],
    };
  }
  const choices = props['choices'];
  if ((type === 'radio' || type === 'dropdown') && Array.isArray(choices) && choices.length > 0) {
    const values = choices.map((choice: unknown) => (Array.isArray(choice) ? choice[1] : choice));
    const literal = values.map((value) => (typeof value === 'string' ? `'${value}'` : String(value))).join(', ');
    return {
      apiInfo: { enum: values, title: 'Radio', type: 'string' },
      pythonType: `Literal[${literal}]`,
      pythonDescription: '',
      example: values[0],
    };
  }
  return { apiInfo, pythonType: kind.pythonType, pythonDescription, example: kind.example };
}

/** The Python type that a gradio.Server parameter schema stands for (real6/c02). */
function pythonTypeOf(schema: Record<string, unknown>): string {
  const names: Record<string, string> = { string: 'str', integer: 'int', number: 'float', boolean: 'bool', array: 'list', object: 'dict', null: 'None' };
  const type = schema['type'];
  return typeof type === 'string' ? (names[type] ?? 'Any') : 'Any';
}

/** A stable 64-hex `component_class_id` per type (real ones are hashes of the class source). */
export function componentClassId(type: string): string {
  let hash = 0x811c9dc5;
  let out = '';
  for (let round = 0; round < 8; round += 1) {
    for (const char of `${type}:${round}`) {
      hash ^= char.charCodeAt(0);
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    out += hash.toString(16).padStart(8, '0');
  }
  return out;
}
