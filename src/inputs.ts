/**
 * Preparing a job's positional inputs. Pure: this module only finds the files; uploading them
 * and putting the uploaded references in their place is uploads.ts's (loaded when needed).
 */
import { GradioError } from './errors.js';
import type { DependencyConfig } from './protocol.js';

/** Where a Blob sits in the inputs: a path of array indices and object keys. */
export interface FoundFile {
  path: (string | number)[];
  blob: Blob;
  name: string;
}

/** Every `Blob`/`File` anywhere in the inputs (arrays and plain objects are searched). */
export function findFiles(data: unknown[]): FoundFile[] {
  const found: FoundFile[] = [];
  const visit = (value: unknown, path: (string | number)[]): void => {
    if (typeof Blob !== 'undefined' && value instanceof Blob) {
      // A File keeps its name; a bare Blob is named after its position: file, file1, file2…
      const name = (value as { name?: unknown }).name;
      found.push({ path, blob: value, name: typeof name === 'string' && name ? name : `file${found.length || ''}` });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...path, i]));
    } else if (isPlainObject(value)) {
      for (const [key, item] of Object.entries(value)) visit(item, [...path, key]);
    }
  };
  data.forEach((value, i) => visit(value, [i]));
  return found;
}

/**
 * The files in the inputs. A cyclic input sends that search into endless recursion: it is
 * reported as the `invalid-input` it is (checked only then, to keep the common path lean).
 */
export function findFilesOf(data: unknown[], label: string): FoundFile[] {
  try {
    return findFiles(data);
  } catch (error) {
    assertSerializable(data, label);
    throw error;
  }
}

/** Pads the inputs with `null` for trailing slots the caller left out (State components). */
export function padInputs(data: unknown[], dependency: DependencyConfig): unknown[] {
  const needed = dependency.inputs?.length ?? 0;
  return data.length >= needed ? data : [...data, ...Array<null>(needed - data.length).fill(null)];
}

/** Serializes a request body, turning values JSON cannot carry into a typed error. */
export function assertSerializable(data: unknown[], endpoint: string): void {
  try {
    JSON.stringify(data, (_key, value: unknown) => {
      if (typeof value === 'function' || typeof value === 'symbol') throw new TypeError(`a ${typeof value} cannot be sent as JSON`);
      if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError(`${value} cannot be sent as JSON`);
      return value;
    });
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new GradioError({ type: 'invalid-input', message: `The inputs of ${endpoint} cannot be sent: ${reason}`, endpoint, cause });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
