/**
 * The published package works for both module systems: pack it, install the tarball in an
 * empty project, and load every entry with require() and import().
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'gradio-rx-pack-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function node(script: string, type: 'cjs' | 'mjs'): string {
  const file = join(work, `check.${type}`);
  writeFileSync(file, script);
  return execFileSync(process.execPath, [file], { cwd: work, encoding: 'utf8' }).trim();
}

/**
 * Files as an earlier build could have left them in dist/: a chunk under an old hash, a module
 * since removed, a folder of modules since removed (and its folder inside).
 */
const leftovers = ['chunks/shared-0ld0ld00.cjs', 'chunks/shared-0ld0ld00.cjs.map', 'chunks/cli-lazy-0ld0ld00.js', 'esm/removedModule.js', 'esm/removedFolder/inner/module.js'];
/** Folders that only held leftovers: they go too. */
const leftoverFolders = ['esm/removedFolder/inner', 'esm/removedFolder'];

describe('the packed package', () => {
  beforeAll(() => {
    for (const file of leftovers) {
      mkdirSync(join(repo, 'dist', file, '..'), { recursive: true });
      writeFileSync(join(repo, 'dist', file), '// left by an earlier build\n');
    }
    // `npm pack` runs the prepack script, which builds dist/ from the current sources.
    execFileSync(npm, ['pack', '--silent', '--pack-destination', work], { cwd: repo, stdio: 'pipe' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error('npm pack produced no tarball');
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync(npm, ['install', '--silent', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball), 'rxjs@^7.8'], { cwd: work, stdio: 'pipe' });
  }, 180_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('ships only what this build wrote, not what an earlier build left in dist/ (files and emptied folders)', () => {
    const installed = join(work, 'node_modules/gradio-rx/dist');
    expect(existsSync(join(installed, 'index.js'))).toBe(true);
    expect(leftovers.filter((file) => existsSync(join(installed, file)) || existsSync(join(repo, 'dist', file)))).toEqual([]);
    expect(leftoverFolders.filter((folder) => existsSync(join(repo, 'dist', folder)))).toEqual([]);
  });

  it('ships source maps that carry their TypeScript sources (the package has no src/ to point to)', () => {
    const installed = join(work, 'node_modules/gradio-rx/dist');
    for (const map of ['index.cjs.map', 'esm/client.js.map', 'esm/transport/sse.js.map']) {
      const { sources, sourcesContent } = JSON.parse(readFileSync(join(installed, map), 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect({ map, withoutContent: sources.filter((_, index) => typeof sourcesContent?.[index] !== 'string') }).toEqual({ map, withoutContent: [] });
    }
  });

  it('loads every entry with require()', () => {
    const out = node(
      `const core = require('gradio-rx');
       const spaces = require('gradio-rx/spaces');
       const testing = require('gradio-rx/testing');
       const ai = require('gradio-rx/ai');
       console.log([typeof core.gradio, typeof core.textDeltas, typeof core.isGradioError, typeof spaces, typeof testing.createFakeGradio, ai.createGradioProvider()('qwen-2.5').specificationVersion].join(','));`,
      'cjs',
    );
    expect(out).toBe('function,function,function,object,function,v4');
  });

  it('loads every entry with import()', () => {
    const out = node(
      `const core = await import('gradio-rx');
       const spaces = await import('gradio-rx/spaces');
       const testing = await import('gradio-rx/testing');
       const ai = await import('gradio-rx/ai');
       console.log([typeof core.gradio, typeof core.textDeltas, typeof core.isGradioError, typeof spaces, typeof testing.startFakeGradioServer, ai.createGradioProvider()('qwen-2.5').specificationVersion].join(','));`,
      'mjs',
    );
    expect(out).toBe('function,function,function,object,function,v4');
  });

  it('recognises an error from the CommonJS copy in the ES module copy', () => {
    const out = node(
      `import { createRequire } from 'node:module';
       const { GradioError } = createRequire(import.meta.url)('gradio-rx');
       const { isGradioError } = await import('gradio-rx');
       console.log(isGradioError(new GradioError({ type: 'http', message: 'x' })));`,
      'mjs',
    );
    expect(out).toBe('true');
  });

  it('lets a bundler keep only the modules an import reaches', async () => {
    const bundle = async (names: string) => {
      const result = await build({
        stdin: { contents: `export { ${names} } from 'gradio-rx';`, resolveDir: work, loader: 'js' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        external: ['rxjs'],
        write: false,
        metafile: true,
        logLevel: 'silent',
      });
      // The package's files that put code into the bundle.
      const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
      const kept = Object.keys(inputs).filter((path) => path.includes('gradio-rx/dist/') && inputs[path]!.bytesInOutput > 0);
      return { text: result.outputFiles[0]!.text, kept: kept.map((path) => path.replace(/^.*gradio-rx\/dist\//, '')).sort() };
    };
    const deltasOnly = await bundle('textDeltas');
    // One file per module: the bundle keeps the files of textDeltas and what it imports, not
    // parts of one shared chunk that also holds the client, the transport and everything else.
    expect(deltasOnly.kept).toContain('esm/operators/textDeltas.js');
    expect(deltasOnly.kept.every((path) => path.startsWith('esm/'))).toBe(true);
    expect(deltasOnly.kept.filter((path) => /client|context|transport|hub\//.test(path))).toEqual([]);
    expect(deltasOnly.text).not.toContain('queue/join');
    expect(gzipSync(deltasOnly.text).byteLength).toBeLessThan(2_500);
    const client = await bundle('gradio');
    expect(client.kept).toEqual(expect.arrayContaining(['esm/client.js', 'esm/transport/http.js', 'esm/transport/sessionStream.js']));
    expect(client.text).toContain('queue/join');
  });

  it('lets a bundler split the rarely used modules into chunks loaded on first use', async () => {
    const result = await build({
      stdin: { contents: `export { gradio, textDeltas } from 'gradio-rx';`, resolveDir: work, loader: 'js' },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      external: ['rxjs'],
      splitting: true,
      outdir: join(work, 'split'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const outputs = Object.values(result.metafile.outputs);
    const modulesOf = (output: (typeof outputs)[number]) => Object.keys(output.inputs).map((path) => path.replace(/^.*gradio-rx\/dist\//, ''));
    const entry = outputs.find((output) => output.entryPoint !== undefined && output.entryPoint.startsWith('<stdin>'))!;
    // What the entry reaches without a dynamic import().
    const initial = new Set([entry]);
    for (const output of initial) {
      for (const imported of output.imports) {
        const chunk = imported.kind === 'import-statement' ? result.metafile.outputs[imported.path] : undefined;
        if (chunk !== undefined) initial.add(chunk);
      }
    }
    const initialModules = [...initial].flatMap(modulesOf);
    const lazyModules = outputs.filter((output) => !initial.has(output)).flatMap(modulesOf);
    expect(initialModules).toEqual(expect.arrayContaining(['esm/client.js', 'esm/transport/http.js', 'esm/lazy.js']));
    for (const lazy of ['esm/hub/hubSpace.js', 'esm/namedArguments.js', 'esm/uploads.js', 'esm/httpError.js']) {
      expect({ lazy, initial: initialModules.includes(lazy), split: lazyModules.includes(lazy) }).toEqual({ lazy, initial: false, split: true });
    }
  });

  it('runs a job whose modules load lazily from the CommonJS build (named arguments, an upload, an HTTP error)', () => {
    const out = node(
      `const { gradio } = require('gradio-rx');
       const { startFakeGradioServer } = require('gradio-rx/testing');
       const { lastValueFrom, toArray } = require('rxjs');
       (async () => {
         const endpoint = { apiName: 'echo', inputs: [{ type: 'textbox', label: 'Message' }, { type: 'file', label: 'File' }], outputs: [{ type: 'textbox', label: 'Out' }], concurrencyLimit: null, fn: ([text, file]) => [text + ' ' + (file ? file.orig_name : '-')] };
         const server = await startFakeGradioServer({ gradioVersion: 5, endpoints: [endpoint] });
         const last = async (events) => (await lastValueFrom(events.pipe(toArray()))).at(-1);
         const named = await last(gradio(server.url).submit('/echo', { message: 'named', file: null }));
         const upload = await last(gradio(server.url).submit('/echo', ['up', new Blob(['x'])]));
         const missing = await last(gradio(server.url + '/missing').submit('/echo', ['x', null]));
         await server.close();
         console.log([named.data[0], upload.data[0], missing.error.type, missing.error.status].join(','));
       })();`,
      'cjs',
    );
    expect(out).toBe('named -,up file,http,404');
  });

  it('ships type declarations for every entry', () => {
    const dist = readdirSync(join(work, 'node_modules', 'gradio-rx', 'dist'));
    expect(dist).toEqual(expect.arrayContaining(['index.d.ts', 'spaces.d.ts', 'testing.d.ts', 'ai.d.ts', 'ai.d.cts', 'index.js', 'index.cjs', 'ai.js', 'ai.cjs']));
  });

  it('installs the gradio-rx command', () => {
    const bin = join(work, 'node_modules', '.bin', process.platform === 'win32' ? 'gradio-rx.cmd' : 'gradio-rx');
    const out = execFileSync(bin, ['--help'], { cwd: work, encoding: 'utf8' });
    expect(out).toMatch(/^Usage: gradio-rx types <source>/);
  });
});
