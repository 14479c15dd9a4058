import { describe, expect, it } from 'vitest';
import { pyFloat, pythonFloatRepr, pythonRepr, toCompactJson, toPythonJson } from '../../src/testing/json.js';
import { transcriptBody } from './support.js';

describe('toPythonJson (the /call and upload_progress dialect)', () => {
  it('writes the data line of transcripts/call-generating-complete.txt byte for byte', () => {
    const body = transcriptBody('call-generating-complete.txt', 2);
    const line = body.split('\n').find((text) => text.includes('\\u2014'));
    expect(`data: ${toPythonJson(['Autumn moonlight \u2014'])}`).toBe(line);
  });

  it('uses ", " and ": " separators like json.dumps', () => {
    expect(toPythonJson({ msg: 'update', orig_name: 'cat.png', chunk_size: 12345 })).toBe(
      '{"msg": "update", "orig_name": "cat.png", "chunk_size": 12345}',
    );
    expect(toPythonJson([[], {}, null, true])).toBe('[[], {}, null, true]');
  });

  it('escapes every character outside printable ASCII, astral ones as surrogate pairs', () => {
    expect(toPythonJson('é\u007f\n\t"\\😀')).toBe('"\\u00e9\\u007f\\n\\t\\"\\\\\\ud83d\\ude00"');
  });
});

describe('toCompactJson (the /queue/data dialect)', () => {
  it('writes raw UTF-8 without spaces', () => {
    expect(toCompactJson({ a: ['é', 1], b: null })).toBe('{"a":["é",1],"b":null}');
  });

  it('prints integers beyond 2^53 exactly and Python floats with a decimal point', () => {
    expect(toCompactJson({ app_id: 7437681072062300328n, duration: pyFloat(10), eta: pyFloat(0.5) })).toBe(
      '{"app_id":7437681072062300328,"duration":10.0,"eta":0.5}',
    );
  });

  it('leaves out undefined members like JSON.stringify', () => {
    expect(toCompactJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});

describe('pythonFloatRepr', () => {
  it('matches repr(float) for integral, small and large values', () => {
    expect(pythonFloatRepr(10)).toBe('10.0');
    expect(pythonFloatRepr(0.021013975143432617)).toBe('0.021013975143432617');
    expect(pythonFloatRepr(0.00042438507080078125)).toBe('0.00042438507080078125');
    expect(pythonFloatRepr(1.5e-5)).toBe('1.5e-05');
    expect(pythonFloatRepr(1e16)).toBe('1e+16');
  });
});

describe('pythonRepr (how Gradio 4 prints a gr.Error)', () => {
  it('wraps the message in single quotes', () => {
    expect(pythonRepr('Cannot divide by zero!')).toBe("'Cannot divide by zero!'");
  });

  it('switches to double quotes when the message contains an apostrophe', () => {
    expect(pythonRepr("Can't divide")).toBe('"Can\'t divide"');
    expect(pythonRepr('It\'s "x"')).toBe("'It\\'s \"x\"'");
  });

  it('escapes backslashes and line breaks', () => {
    expect(pythonRepr('a\\b\nc')).toBe("'a\\\\b\\nc'");
  });
});
