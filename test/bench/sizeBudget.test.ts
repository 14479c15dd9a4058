/**
 * The size budget of our own code in the browser bundle (CI runs it with `npm test`): the
 * typical import (`gradio` + `textDeltas`) and the whole core entry, bundled from the sources
 * with esbuild (minified, rxjs external, code splitting, gzip -9). Counted is what a browser
 * loads before the first call (the entry chunk and the chunks it imports statically) minus ky
 * and eventsource-parser bundled alone the same way. Fails when a change makes our own code
 * pass its budget, or pulls a module meant to load on first use into that first load.
 */
import { describe, expect, it } from 'vitest';
import { type BundleSize, measureBundles, ownCodeBudgetsKb } from '../../bench/bundle.js';

/** The modules loaded on first use only (src/lazy.ts), and the hub modules only the hub chunk imports. */
const lazyModules = ['src/hub/hubSpace.ts', 'src/hub/hubApi.ts', 'src/hub/wakeSpace.ts', 'src/hub/stages.ts', 'src/namedArguments.ts', 'src/uploads.ts', 'src/httpError.ts', 'src/appError.ts'];
/** Modules loaded on first use by the typical import, which the core entry exports helpers of (`applyDiff`, `parseGpuQuota`). */
const lazyInTypicalImport = ['src/diffEdits.ts', 'src/quota.ts'];

describe('the size budget of our own code', () => {
  let bundles: BundleSize[] = [];
  const named = (prefix: string): BundleSize => {
    const bundle = bundles.find((candidate) => candidate.name.startsWith(prefix));
    if (bundle?.ownGzipBytes === undefined) throw new Error(`no bundle named ${prefix}`);
    return bundle;
  };
  const own = (prefix: string): number => named(prefix).ownGzipBytes! / 1024;

  it('measures both bundles, without any node: import', async () => {
    bundles = await measureBundles('src');
    for (const bundle of bundles.filter((candidate) => candidate.name.startsWith('gradio-rx'))) expect({ name: bundle.name, importsNode: bundle.importsNode }).toEqual({ name: bundle.name, importsNode: false });
    expect(own('gradio-rx typical import')).toBeGreaterThan(1);
  }, 60_000);

  it('keeps the Space, named-argument, upload and error-wording code out of the first load, in chunks loaded on first use', () => {
    for (const prefix of ['gradio-rx typical import', 'gradio-rx core entry']) {
      const bundle = named(prefix);
      expect(bundle.initialModules).toEqual(expect.arrayContaining(['src/client.ts', 'src/operators/textDeltas.ts']));
      expect(bundle.initialModules!.filter((module) => lazyModules.includes(module))).toEqual([]);
      expect(bundle.lazyGzipBytes).toBeGreaterThan(4 * 1024);
    }
  });

  it('keeps the general diff applier and the quota wording out of the first load of the typical import', () => {
    const bundle = named('gradio-rx typical import');
    expect(bundle.initialModules).toEqual(expect.arrayContaining(['src/operators/readQueue.ts', 'src/outputTracker.ts']));
    expect(bundle.initialModules!.filter((module) => lazyInTypicalImport.includes(module))).toEqual([]);
  });

  it(`keeps our own code in the typical import (gradio + textDeltas) within ${ownCodeBudgetsKb.typical} KB min+gzip`, () => {
    expect(own('gradio-rx typical import')).toBeLessThanOrEqual(ownCodeBudgetsKb.typical);
  });

  it(`keeps our own code in the whole core entry within ${ownCodeBudgetsKb.core} KB min+gzip`, () => {
    expect(own('gradio-rx core entry')).toBeLessThanOrEqual(ownCodeBudgetsKb.core);
  });
});
