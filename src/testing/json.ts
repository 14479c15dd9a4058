/**
 * The two JSON dialects a Gradio server writes (§4, §5.2, §14.27):
 * - compact (orjson / Starlette): `/queue/data` messages, `/config`, `{"detail": …}` bodies, raw UTF-8;
 * - Python stdlib `json.dumps`: `/call` streams and `/upload_progress`, with `", "` / `": "`
 *   separators and every character outside printable ASCII escaped as `\uXXXX`.
 *
 * Both are written by hand (not `JSON.stringify`) so that they can also print Python floats
 * (`10.0`) and integers beyond 2^53 (`app_id`) the way the server does.
 */

/**
 * A number that Python holds as a `float`: printed with its Python repr, so `10` becomes `10.0`
 * (timings, `eta`, log `duration`). Plain JS numbers print as `JSON.stringify` prints them.
 */
export class PyFloat {
  constructor(readonly value: number) {}
}

/** Wraps a number as a Python float; `null` stays `null`. */
export function pyFloat(value: number): PyFloat;
export function pyFloat(value: number | null): PyFloat | null;
export function pyFloat(value: number | null): PyFloat | null {
  return value === null ? null : new PyFloat(value);
}

/** Python's `repr(float)`: shortest round-trip digits, `.0` for integral values, `1e+16` style exponents. */
export function pythonFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  // Within this range JS prints fixed notation too, with the same shortest digits.
  const fixed = String(value);
  return fixed.includes('.') ? fixed : `${fixed}.0`;
}

/** Compact JSON like orjson: no spaces, raw UTF-8. */
export function toCompactJson(value: unknown): string {
  return write(value, false);
}

/** JSON like Python's `json.dumps(value)` with its defaults (`ensure_ascii=True`). */
export function toPythonJson(value: unknown): string {
  return write(value, true);
}

function write(value: unknown, python: boolean): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof PyFloat) return pythonFloatRepr(value.value);
  switch (typeof value) {
    case 'string':
      return python ? pythonString(value) : JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) return python ? pythonFloatRepr(value) : 'null';
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      break;
    default:
      // functions and symbols: JSON.stringify drops them; null is the array-slot behaviour.
      return 'null';
  }
  const itemSeparator = python ? ', ' : ',';
  if (Array.isArray(value)) {
    return `[${value.map((item) => write(item, python)).join(itemSeparator)}]`;
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), python);
  const keySeparator = python ? ': ' : ':';
  const members: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    const name = python ? pythonString(key) : JSON.stringify(key);
    members.push(`${name}${keySeparator}${write(member, python)}`);
  }
  return `{${members.join(itemSeparator)}}`;
}

const shortEscapes: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** Python's `ESCAPE_ASCII`: everything outside `' '..'~'` becomes `\uXXXX` (UTF-16 units, lower-case hex). */
function pythonString(text: string): string {
  let out = '"';
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charAt(index);
    const short = shortEscapes[char];
    if (short !== undefined) {
      out += short;
      continue;
    }
    const code = text.charCodeAt(index);
    out += code >= 0x20 && code <= 0x7e ? char : `\\u${code.toString(16).padStart(4, '0')}`;
  }
  return `${out}"`;
}

/**
 * Python's `repr(str)`: how Gradio 4.x – 5.1 print a `gr.Error` message (§10.1). Single quotes
 * unless the text contains a single quote and no double quote.
 */
export function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    if (char === quote || char === '\\') {
      out += `\\${char}`;
    } else if (char === '\n') {
      out += '\\n';
    } else if (char === '\r') {
      out += '\\r';
    } else if (char === '\t') {
      out += '\\t';
    } else if (char !== ' ' && /[\p{C}\p{Z}]/u.test(char)) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x100) out += `\\x${code.toString(16).padStart(2, '0')}`;
      else if (code < 0x10000) out += `\\u${code.toString(16).padStart(4, '0')}`;
      else out += `\\U${code.toString(16).padStart(8, '0')}`;
    } else {
      out += char;
    }
  }
  return out + quote;
}
