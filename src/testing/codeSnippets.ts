/**
 * `code_snippets` of a Gradio 6 `/info` endpoint: how to call it from Python, JavaScript, curl and
 * the `gradio` CLI, written the way Gradio 6.25.0 writes them (real6/a02, b02, c02_*_info.txt).
 */
import { toPythonJson } from './json.js';

/** What a snippet needs to know about one parameter. */
export interface SnippetParameter {
  name: string;
  hasDefault: boolean;
  defaultValue: unknown;
  example: unknown;
  /** Takes a FileData (uploaded with `handle_file`). */
  isFile: boolean;
  /** The component's class name (`Image`), used for the JavaScript variable of a file. */
  className: string;
}

/** The four snippets, keyed as Gradio keys them. */
export interface CodeSnippets {
  python: string;
  javascript: string;
  bash: string;
  cli: string;
}

/** The snippets of the endpoint `apiName` of the app served at `root` with api prefix `prefix`. */
export function codeSnippets(root: string, prefix: string, apiName: string, parameters: readonly SnippetParameter[]): CodeSnippets {
  return {
    python: pythonSnippet(root, apiName, parameters),
    javascript: javascriptSnippet(root, apiName, parameters),
    bash: bashSnippet(root, prefix, apiName, parameters),
    cli: cliSnippet(root, apiName, parameters),
  };
}

/** The value shown for a parameter: its default when it has one, else the example. */
function shownValue(parameter: SnippetParameter): unknown {
  return parameter.hasDefault ? parameter.defaultValue : parameter.example;
}

/** The URL of a file parameter's example (`handle_file('…')`). */
function exampleUrl(parameter: SnippetParameter): string {
  const example = parameter.example as { url?: unknown; path?: unknown } | null;
  const url = example?.url ?? example?.path;
  return typeof url === 'string' ? url : '';
}

function pythonSnippet(root: string, apiName: string, parameters: readonly SnippetParameter[]): string {
  const hasFile = parameters.some((parameter) => parameter.isFile);
  const lines = [
    `from gradio_client import Client${hasFile ? ', handle_file' : ''}`,
    '',
    `client = Client(${JSON.stringify(root)})`,
    'result = client.predict(',
    ...parameters.map((parameter) =>
      parameter.isFile ? `\t${parameter.name}=handle_file('${exampleUrl(parameter)}'),` : `\t${parameter.name}=${pythonLiteral(shownValue(parameter))},`,
    ),
    `\tapi_name="/${apiName}",`,
    ')',
    'print(result)',
  ];
  return lines.join('\n');
}

function javascriptSnippet(root: string, apiName: string, parameters: readonly SnippetParameter[]): string {
  const files = parameters.filter((parameter) => parameter.isFile);
  const fetches = files.flatMap((parameter, index) => [
    `const response_${index} = await fetch(${JSON.stringify(exampleUrl(parameter))});`,
    `const example${parameter.className} = await response_${index}.blob();`,
    '',
  ]);
  const lines = [
    `import { Client${files.length > 0 ? ', handle_file' : ''} } from "@gradio/client";`,
    '',
    ...fetches,
    `const client = await Client.connect(${JSON.stringify(root)});`,
    `const result = await client.predict("/${apiName}", {`,
    ...parameters.map((parameter) =>
      parameter.isFile
        ? `\t\t${parameter.name}: handle_file(example${parameter.className}),`
        : `\t\t${parameter.name}: ${JSON.stringify(shownValue(parameter))},`,
    ),
    '});',
    '',
    'console.log(result.data);',
  ];
  return lines.join('\n');
}

function bashSnippet(root: string, prefix: string, apiName: string, parameters: readonly SnippetParameter[]): string {
  const hasFile = parameters.some((parameter) => parameter.isFile);
  // The body is Python's json.dumps of the named values, with a shell-spliced upload path for files.
  const fields = parameters.map((parameter) =>
    parameter.isFile
      ? `${toPythonJson(parameter.name)}: {"path": "'$FILE_PATH'", "meta": {"_type": "gradio.FileData"}}`
      : `${toPythonJson(parameter.name)}: ${toPythonJson(shownValue(parameter))}`,
  );
  const upload = hasFile ? [`FILE_PATH=$(curl -s -X POST ${root}${prefix}/upload -F 'files=@/path/to/your/file' | tr -d '[]" ')`, ''] : [];
  return [
    ...upload,
    `curl -X POST ${root}${prefix}/call/v2/${apiName} -s -H "Content-Type: application/json" \\`,
    `  -d '{${fields.join(', ')}}' \\`,
    `  | awk -F'"' '{ print $4}' \\`,
    `  | read EVENT_ID; curl -N ${root}${prefix}/call/${apiName}/$EVENT_ID`,
  ].join('\n');
}

function cliSnippet(root: string, apiName: string, parameters: readonly SnippetParameter[]): string {
  const values: Record<string, unknown> = {};
  for (const parameter of parameters) {
    if (parameter.isFile) {
      values[parameter.name] = { path: exampleUrl(parameter), meta: { _type: 'gradio.FileData' } };
    } else {
      // A falsy default (`[]`, `""`, `0`) gives way to the example, as in real6/b02.
      values[parameter.name] = parameter.hasDefault && isTruthy(parameter.defaultValue) ? parameter.defaultValue : parameter.example;
    }
  }
  return `{command} predict ${root} /${apiName} '${JSON.stringify(values, null, 2)}'\n`;
}

/** Python's truthiness of a JSON value. */
function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}

/** A JSON value as a Python literal: strings double-quoted, `None`, `True`, `False`. */
function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, member]) => `${JSON.stringify(key)}: ${pythonLiteral(member)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}
