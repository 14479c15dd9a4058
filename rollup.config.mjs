// Builds the entries as ESM and CJS, plus declarations for each: `.d.ts` for `import` and a
// `.d.cts` twin for `require` (a CJS consumer given ESM declarations sees the wrong module kind).
// The `gradio-rx` command (dist/cli.js, ESM, Node only) is a build of its own.
// ky and @ai-sdk/provider (used by the ai entry only) are ESM-only, so the CJS build inlines
// them; the ESM build keeps every dependency external and one file per module (tree-shakeable),
// the CJS build shares chunks. Rarely used modules are loaded with a dynamic `import()`
// (src/lazy.ts): one file each in the ESM build, which a bundler splits into chunks of their
// own; `require()`d on first use in the CJS build.
import { readdirSync, rmdirSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, sep } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const input = {
  index: 'src/index.ts',
  spaces: 'src/spaces/index.ts',
  testing: 'src/testing/index.ts',
  ai: 'src/ai/index.ts',
};

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
const isExternal = (inlined) => (id) =>
  nodeBuiltins.has(id) || id === 'rxjs' || id.startsWith('rxjs/') || ['ky', 'eventsource-parser', 'undici', '@ai-sdk/provider'].some((dep) => (id === dep || id.startsWith(`${dep}/`)) && !inlined.includes(dep));

/** Each declaration file again as `.d.cts`, its relative imports pointing at `.cjs` files. */
const ctsTwins = () => ({
  name: 'cts-twins',
  generateBundle(_options, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type !== 'chunk' || !file.fileName.endsWith('.d.ts')) continue;
      const source = file.code.replace(/(['"])(\.{1,2}\/[^'"]+)\.js\1/g, '$1$2.cjs$1');
      this.emitFile({ type: 'asset', fileName: file.fileName.replace(/\.d\.ts$/, '.d.cts'), source });
    }
  },
});

/**
 * Removes what earlier builds of this output left in dist/ and this one did not write again
 * (chunks under an old hash, modules since removed), so that `npm pack` ships this build only.
 * Only files `owned` matches go (paths relative to dist/, with `/`), and only after the new
 * ones are written: a process reading dist/ meanwhile (the test suite packs the package while
 * other tests load it) never misses a current file. Folders under `ownedFolder` left empty go too.
 */
const pruneStale = (owned, ownedFolder) => ({
  name: 'prune-stale',
  writeBundle(options, bundle) {
    const written = new Set(Object.keys(bundle));
    const folders = [];
    for (const entry of readdirSync(options.dir, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath ?? entry.path, entry.name); // `path` before Node 20.12
      const name = relative(options.dir, path).split(sep).join('/');
      if (entry.isDirectory() && ownedFolder !== undefined && name.startsWith(`${ownedFolder}/`)) folders.push(path);
      if (!entry.isFile()) continue;
      // A source map goes with its file, whether or not the bundle lists it.
      if (owned.test(name) && !written.has(name) && !written.has(name.replace(/\.map$/, ''))) rmSync(path);
    }
    // The folders of modules since removed, now empty: the deepest first, so that a parent
    // emptied by its children goes too.
    for (const folder of folders.sort((a, b) => b.length - a.length)) {
      if (readdirSync(folder).length === 0) rmdirSync(folder);
    }
  },
});

const ts = () => typescript({ tsconfig: './tsconfig.build.json' });

export default [
  {
    input,
    external: isExternal([]),
    // esm/: one file per module; chunks/shared-*.js: what an earlier layout of this build wrote.
    plugins: [ts(), pruneStale(/^(esm\/.+|chunks\/shared-[^/]+)\.js(\.map)?$/, 'esm')],
    // One file per source module (under dist/esm/), so that a bundler keeps only the modules
    // an import reaches; the entries stay at dist/[name].js.
    output: {
      dir: 'dist',
      format: 'es',
      preserveModules: true,
      preserveModulesRoot: 'src',
      entryFileNames: (chunk) => (chunk.isEntry && chunk.name in input ? '[name].js' : 'esm/[name].js'),
      sourcemap: true,
    },
  },
  {
    input,
    external: isExternal(['ky', '@ai-sdk/provider']),
    plugins: [nodeResolve(), ts(), pruneStale(/^chunks\/shared-[^/]+\.cjs(\.map)?$/)],
    output: { dir: 'dist', format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: 'chunks/shared-[hash].cjs', sourcemap: true, exports: 'named' },
  },
  {
    input,
    external: isExternal([]),
    plugins: [dts({ tsconfig: './tsconfig.build.json' }), ctsTwins(), pruneStale(/^chunks\/shared-[^/]+\.d\.c?ts$/)],
    output: { dir: 'dist', format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: 'chunks/shared-[hash].d.ts' },
  },
  // The bin: its own build, so no browser entry shares a chunk with it. The modules the core
  // loads lazily are chunks of their own here too (dist/chunks/cli-*.js): inlined, they would
  // sit below the bin's top-level await and not be evaluated yet when it needs them.
  {
    input: { cli: 'src/cli/index.ts' },
    external: isExternal([]),
    plugins: [ts(), pruneStale(/^chunks\/cli-[^/]+\.js(\.map)?$/)],
    output: {
      dir: 'dist',
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/cli-[name]-[hash].js',
      banner: (chunk) => (chunk.isEntry ? '#!/usr/bin/env node' : ''),
      sourcemap: true,
    },
  },
];
