/**
 * The JSON bodies of the raw HTTP captures in test/fixtures/spec (real4, real, real6): status
 * line and headers, a blank line, then the body.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { specFixtures } from './fixturePaths.js';

/** The parsed JSON body of a capture, e.g. `captureBody('real/b02_get_info.txt')`. */
export function captureBody<T>(fileName: string): T {
  const text = readFileSync(fileURLToPath(new URL(fileName, specFixtures)), 'utf8');
  return JSON.parse(text.slice(text.indexOf('\n{') + 1)) as T;
}
