/**
 * The size budget of our own code in the browser bundle (CI runs it with `npm test`): the
 * typical import (`gradio` + `textDeltas`) and the whole core entry, bundled from the sources
 * with esbuild (minified, rxjs external, gzip -9), minus ky and eventsource-parser bundled
 * alone the same way. Fails when a change makes our own code pass its budget.
 */
import { describe, expect, it } from 'vitest';
import { type BundleSize, measureBundles, ownCodeBudgetsKb } from '../../bench/bundle.js';

describe('the size budget of our own code', () => {
  let bundles: BundleSize[] = [];
  const own = (prefix: string): number => {
    const bundle = bundles.find((candidate) => candidate.name.startsWith(prefix));
    if (bundle?.ownGzipBytes === undefined) throw new Error(`no bundle named ${prefix}`);
    return bundle.ownGzipBytes / 1024;
  };

  it('measures both bundles, without any node: import', async () => {
    bundles = await measureBundles('src');
    for (const bundle of bundles.filter((candidate) => candidate.name.startsWith('gradio-rx'))) expect({ name: bundle.name, importsNode: bundle.importsNode }).toEqual({ name: bundle.name, importsNode: false });
    expect(own('gradio-rx typical import')).toBeGreaterThan(1);
  }, 60_000);

  it(`keeps our own code in the typical import (gradio + textDeltas) within ${ownCodeBudgetsKb.typical} KB min+gzip`, () => {
    expect(own('gradio-rx typical import')).toBeLessThanOrEqual(ownCodeBudgetsKb.typical);
  });

  it(`keeps our own code in the whole core entry within ${ownCodeBudgetsKb.core} KB min+gzip`, () => {
    expect(own('gradio-rx core entry')).toBeLessThanOrEqual(ownCodeBudgetsKb.core);
  });
});
