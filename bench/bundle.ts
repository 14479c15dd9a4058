/**
 * Bundle sizes for the browser, all bundled the same way: esbuild, minified ESM, platform
 * browser, rxjs external (it is a peer dependency) unless said otherwise, gzip level 9, with
 * code splitting on (`splitting: true`), as an app's bundler splits at a dynamic `import()`.
 *
 * A bundle's size (`minifiedBytes`, `gzipBytes`) is what a browser loads before the first
 * call: the entry chunk plus every chunk it imports statically, each gzipped on its own. The
 * chunks reached only through a dynamic `import()` (gradio-rx loads its rarely used code that
 * way: Space ids, named arguments, uploads, error details, diffs other than streamed text) are
 * counted apart, in `lazyMinifiedBytes` and `lazyGzipBytes`, so that nothing is hidden.
 *
 * "Our own code" in a bundle is its size minus ky and eventsource-parser bundled alone with
 * the same settings: what gradio-rx adds on top of its two runtime dependencies before the
 * first call (the lazy chunks are ours too, and all shown beside it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { isBuildFresh } from './freshness.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The targets for our own code, in KB (1,024 bytes) of min+gzip: the bench reports met/missed. */
export const ownCodeTargetsKb = {
  /** `import { gradio, textDeltas } from 'gradio-rx'`. */
  typical: 7,
  /** Everything `gradio-rx` exports. */
  core: 10,
} as const;

/**
 * The budgets CI enforces (test/bench/sizeBudget.test.ts), in KB of min+gzip: the size our own
 * code has now plus a little room, so that any growth fails. A ratchet: lower them whenever the
 * code shrinks, until they reach {@link ownCodeTargetsKb}. Measured: 12.2 and 13.8 KB (#16), then
 * 14.86 and 16.60 KB once the hub lookup joined the core (#12), 15.69 and 17.45 KB once named
 * arguments through /info did (#13), 15.68 and 17.62 KB after the hot path's restructuring;
 * since then measured with code splitting, as what loads before the first call: 12.38 and
 * 14.38 KB once the hub code, named arguments, uploads and the wording of failed answers became
 * chunks loaded on first use (6.2 KB more, loaded only by the apps and jobs that need them);
 * 10.50 and 15.08 KB once the wording of failed jobs (appError.ts, quota.ts) and the general
 * diff applier (diffEdits.ts) did too, streamed text staying in the first load (9.25 KB in
 * chunks). The core entry grew: it exports `applyDiff` and `parseGpuQuota`, so it loads those
 * modules up front anyway, and now also the code that waits for them (orderedMapper.ts,
 * outputTracker.ts) and one chunk more. 10.59 and 15.18 KB once a job's own POSTs went to fetch
 * directly (their timeout and errors are ours, beside ky's for the reads) and the SSE decoder
 * learned to decode whole chunks: 0.09 KB each, for 7% less CPU in bench (ii). 10.63 and
 * 15.21 KB once requests carried plain header objects instead of `Headers` (fetch validated
 * every name of a `Headers` again): 0.04 KB each, for 6% less CPU per job (bench:inprocess jobs).
 * 10.72 and 15.32 KB once malformed `/config` answers (fields of the wrong type, found by a
 * property test: they failed jobs with a TypeError; an api_prefix that is not a path) were
 * refused, and malformed `/info` descriptions too (in a chunk loaded on first use). 10.81 and
 * 15.38 KB once textDeltas() read a token's delta straight from its edits (appendedText.ts,
 * shared with the output tracker) and the per-token path lost three small calls: 0.08 KB and
 * 0.06 KB, for 7% less CPU per event in a fresh process (bench:inprocess (i), 40 pairs).
 * 10.88 and 15.46 KB once a job on Gradio before 4.31, which has no `/cancel`, was stopped
 * through `/reset` (the version check and the second route): 0.08 KB each. 11.01 and 15.59 KB
 * once a text app's typical token (one append at the root of its one output) was read without
 * calls, by the output tracker and by textDeltas() (and a job read the cached config without a
 * subscription): 0.13 KB each, for 10% less CPU per event in a fresh process (bench:inprocess
 * (i), 20 interleaved pairs; 5% in (ii)). 11.05 and 15.63 KB once a session's stream was opened
 * with fetch directly (without ky's per-request work) and the server version was read without
 * a regular expression (compiled on first use, inside the first job): 0.04 KB each, for 6% less
 * CPU in a fresh process's first job (bench:inprocess --smoke (i), 20 pairs).
 */
export const ownCodeBudgetsKb = {
  typical: 11.1,
  core: 15.7,
} as const;

export interface BundleSize {
  name: string;
  /** The entry chunk and the chunks it imports statically: what loads before the first call. */
  minifiedBytes: number;
  /** {@link BundleSize.minifiedBytes}, each chunk gzipped on its own. */
  gzipBytes: number;
  /** The chunks loaded on first use only (reached through a dynamic `import()`), minified. */
  lazyMinifiedBytes?: number;
  /** {@link BundleSize.lazyMinifiedBytes}, each chunk gzipped on its own. */
  lazyGzipBytes?: number;
  /** Whether the code (any chunk) imports a Node built-in (`node:…`): browser entries must not. */
  importsNode: boolean;
  /** The files (relative to the repository) whose code is in the chunks loaded before the first call. */
  initialModules?: string[];
  /** For gradio-rx bundles that include ky and eventsource-parser: `gzipBytes` minus both alone. */
  ownGzipBytes?: number;
  /** The target for {@link BundleSize.ownGzipBytes}, when it has one. */
  ownTargetKb?: number;
  /** The budget CI enforces for {@link BundleSize.ownGzipBytes}, when it has one. */
  ownBudgetKb?: number;
}

/** Where the gradio-rx bundles come from: the built package (dist/) or the sources. */
export type BundleSource = 'dist' | 'src';

const entries: Record<string, Record<BundleSource, string>> = {
  core: { dist: 'dist/index.js', src: 'src/index.ts' },
  spaces: { dist: 'dist/spaces.js', src: 'src/spaces/index.ts' },
  ai: { dist: 'dist/ai.js', src: 'src/ai/index.ts' },
};

/**
 * The built package when it is newer than every source file (the published layout, one file
 * per module), else the sources (the same module graph, bundled by esbuild straight from TS).
 */
export function freshestSource(): BundleSource {
  const dist = join(repo, entries.core!.dist);
  return isBuildFresh(repo, dist) ? 'dist' : 'src';
}

/** The gradio-rx bundles with our own share, the dependencies alone, and `@gradio/client`. */
export async function measureBundles(source: BundleSource = freshestSource()): Promise<BundleSize[]> {
  const entry = (name: string): string | undefined => {
    const path = entries[name]?.[source];
    return path !== undefined && existsSync(join(repo, path)) ? join(repo, path) : undefined;
  };
  const ky = await bundle(`ky ${versionOf('ky')} alone`, `export { default } from 'ky';`);
  const parser = await bundle(`eventsource-parser ${versionOf('eventsource-parser')} alone`, `export { createParser } from 'eventsource-parser';`);
  const withOwnShare = (size: BundleSize, limits?: 'typical' | 'core'): BundleSize => ({
    ...size,
    ownGzipBytes: size.gzipBytes - ky.gzipBytes - parser.gzipBytes,
    ...(limits === undefined ? {} : { ownTargetKb: ownCodeTargetsKb[limits], ownBudgetKb: ownCodeBudgetsKb[limits] }),
  });
  const core = entry('core')!;
  const rows: BundleSize[] = [
    withOwnShare(await bundle('gradio-rx typical import (gradio + textDeltas)', `export { gradio, textDeltas } from ${JSON.stringify(core)};`), 'typical'),
    withOwnShare(await bundle('gradio-rx core entry (everything)', `export * from ${JSON.stringify(core)};`), 'core'),
  ];
  const spaces = entry('spaces');
  if (spaces !== undefined) rows.push(withOwnShare(await bundle('gradio-rx/spaces (everything)', `export * from ${JSON.stringify(spaces)};`)));
  const ai = entry('ai');
  if (ai !== undefined) {
    // The ai entry has a third runtime dependency: its part (what the entry pulls from it) is
    // not our own code either.
    const contents = `export * from ${JSON.stringify(ai)};`;
    const whole = withOwnShare(await bundle('gradio-rx/ai (everything; own code also without @ai-sdk/provider)', contents));
    const withoutProvider = await bundle('', contents, ['rxjs', '@ai-sdk/provider']);
    rows.push({ ...whole, ownGzipBytes: whole.ownGzipBytes! - (whole.gzipBytes - withoutProvider.gzipBytes) });
  }
  rows.push(await bundle('gradio-rx typical import, rxjs included', `export { gradio, textDeltas } from ${JSON.stringify(core)};`, []));
  rows.push(ky, parser);
  rows.push(await bundle(`@gradio/client ${versionOf('@gradio/client')} (Client, bundled the same way)`, `export { Client } from '@gradio/client';`));
  rows.push(await officialBrowserBuild());
  return rows;
}

/** The installed version of a dependency (read from node_modules: ky does not export its package.json). */
function versionOf(name: string): string {
  return (JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

async function bundle(name: string, contents: string, external: string[] = ['rxjs']): Promise<BundleSize> {
  const result = await build({
    stdin: { contents, resolveDir: repo, loader: 'ts', sourcefile: 'bench-entry.ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    splitting: true,
    outdir: join(repo, '.tmp/bundle'),
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  // The metafile names outputs relative to the working directory; outputFiles by absolute path.
  const texts = new Map(result.outputFiles.filter((file) => file.path.endsWith('.js')).map((file) => [relative(process.cwd(), file.path), file.text]));
  const outputs = result.metafile.outputs;
  const entry = Object.keys(outputs).find((path) => outputs[path]!.entryPoint !== undefined && texts.has(path) && outputs[path]!.entryPoint!.endsWith('bench-entry.ts'));
  // What loads before the first call: the entry and, transitively, its static imports.
  const initial = new Set<string>();
  const visit = (path: string): void => {
    if (initial.has(path) || !texts.has(path)) return;
    initial.add(path);
    for (const imported of outputs[path]!.imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
  };
  visit(entry!);
  const measure = (paths: string[]): { minifiedBytes: number; gzipBytes: number; importsNode: boolean } => {
    const sizes = paths.map((path) => sizeOf('', texts.get(path)!));
    return {
      minifiedBytes: sizes.reduce((sum, size) => sum + size.minifiedBytes, 0),
      gzipBytes: sizes.reduce((sum, size) => sum + size.gzipBytes, 0),
      importsNode: sizes.some((size) => size.importsNode),
    };
  };
  const loaded = measure([...initial]);
  const initialModules = [...new Set([...initial].flatMap((path) => Object.keys(outputs[path]!.inputs).filter((input) => outputs[path]!.inputs[input]!.bytesInOutput > 0)))];
  const lazy = measure([...texts.keys()].filter((path) => !initial.has(path)));
  return {
    name,
    minifiedBytes: loaded.minifiedBytes,
    gzipBytes: loaded.gzipBytes,
    ...(lazy.minifiedBytes === 0 ? {} : { lazyMinifiedBytes: lazy.minifiedBytes, lazyGzipBytes: lazy.gzipBytes }),
    importsNode: loaded.importsNode || lazy.importsNode,
    initialModules: initialModules.map((input) => relative(repo, join(process.cwd(), input))),
  };
}

/** `@gradio/client`'s own browser build (the `browser` condition of its exports), as shipped. */
async function officialBrowserBuild(): Promise<BundleSize> {
  const packageDir = join(repo, 'node_modules/@gradio/client');
  const text = await readFile(join(packageDir, 'dist/browser.js'), 'utf8');
  return sizeOf(`@gradio/client ${versionOf('@gradio/client')} (its dist/browser.js as shipped)`, text);
}

function sizeOf(name: string, text: string): BundleSize {
  const bytes = Buffer.from(text);
  return {
    name,
    minifiedBytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
    importsNode: /(?:from\s*|import\s*\(\s*|require\s*\(\s*)["']node:/.test(text),
  };
}
