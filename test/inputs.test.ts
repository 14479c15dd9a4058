import { describe, expect, it } from 'vitest';
import { isGradioError } from '../src/errors.js';
import { assertSerializable, findFiles, padInputs } from '../src/inputs.js';
import { replaceFiles, toFileData } from '../src/uploads.js';

describe('findFiles and replaceFiles', () => {
  it('finds Blobs anywhere in arrays and plain objects and keeps File names', () => {
    const image = new File([new Uint8Array([1, 2, 3])], 'cat.png', { type: 'image/png' });
    const blob = new Blob(['x']);
    const data = ['text', image, { nested: [blob] }];
    const found = findFiles(data);
    expect(found.map((f) => [f.path, f.name])).toEqual([
      [[1], 'cat.png'],
      [[2, 'nested', 0], 'file1'],
    ]);
  });

  it('replaces the files without mutating the caller inputs', () => {
    const image = new File(['abc'], 'cat.png', { type: 'image/png' });
    const data = ['q', { image }];
    const found = findFiles(data);
    const fileData = toFileData('/tmp/gradio/abc/cat.png', found[0]!, 'http://h/gradio_api/file=/tmp/gradio/abc/cat.png');
    const replaced = replaceFiles(data, found, [fileData]);
    expect(replaced).toEqual(['q', { image: fileData }]);
    expect((data[1] as { image: unknown }).image).toBe(image);
    expect(fileData).toMatchObject({ orig_name: 'cat.png', size: 3, mime_type: 'image/png', meta: { _type: 'gradio.FileData' } });
  });
});

describe('padInputs', () => {
  it('adds a null slot per missing trailing input, as State components need', () => {
    expect(padInputs(['Hi', []], { inputs: [1, 2, 3], outputs: [] })).toEqual(['Hi', [], null]);
  });

  it('leaves complete inputs as they are', () => {
    const data = ['a'];
    expect(padInputs(data, { inputs: [1], outputs: [] })).toBe(data);
  });
});

describe('assertSerializable', () => {
  it.each([
    ['a BigInt', 10n],
    ['a function', () => 1],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
  ])('refuses %s with an invalid-input error', (_name, value) => {
    let thrown: unknown;
    try {
      assertSerializable([value], '/chat');
    } catch (error) {
      thrown = error;
    }
    expect(isGradioError(thrown) && thrown.type).toBe('invalid-input');
    expect((thrown as Error).message).toMatch(/^The inputs of \/chat cannot be sent: /);
  });

  it('refuses a cyclic value', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => assertSerializable([cyclic], '/chat')).toThrow(/cannot be sent/);
  });

  it('accepts ordinary JSON values', () => {
    expect(() => assertSerializable(['a', 1, null, [true], { k: 'v' }], '/chat')).not.toThrow();
  });
});
