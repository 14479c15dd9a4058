/**
 * The published package works for both module systems: pack it, install the tarball in an
 * empty project, and load every entry with require() and import().
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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

describe('the packed package', () => {
  beforeAll(() => {
    // `npm pack` runs the prepack script, which builds dist/ from the current sources.
    execFileSync(npm, ['pack', '--silent', '--pack-destination', work], { cwd: repo, stdio: 'pipe' });
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    if (tarball === undefined) throw new Error('npm pack produced no tarball');
    writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    execFileSync(npm, ['install', '--silent', '--no-audit', '--no-fund', '--prefer-offline', join(work, tarball), 'rxjs@^7.8'], { cwd: work, stdio: 'pipe' });
  }, 180_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

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
    const bundle = async (names: string): Promise<string> => {
      const result = await build({
        stdin: { contents: `export { ${names} } from 'gradio-rx';`, resolveDir: work, loader: 'js' },
        bundle: true,
        minify: true,
        format: 'esm',
        platform: 'browser',
        external: ['rxjs'],
        write: false,
        logLevel: 'silent',
      });
      return result.outputFiles[0]!.text;
    };
    const deltasOnly = await bundle('textDeltas');
    const client = await bundle('gradio');
    // textDeltas alone: no client, no transport, no ky (one shared chunk used to bring them all).
    expect(deltasOnly).not.toContain('queue/join');
    expect(deltasOnly).not.toContain('text/event-stream');
    expect(gzipSync(deltasOnly).byteLength).toBeLessThan(2_500);
    expect(client).toContain('queue/join');
    expect(gzipSync(client).byteLength).toBeGreaterThan(5 * gzipSync(deltasOnly).byteLength);
  });

  it('ships type declarations for every entry', () => {
    const dist = readdirSync(join(work, 'node_modules', 'gradio-rx', 'dist'));
    expect(dist).toEqual(expect.arrayContaining(['index.d.ts', 'spaces.d.ts', 'testing.d.ts', 'ai.d.ts', 'ai.d.cts', 'index.js', 'index.cjs', 'ai.js', 'ai.cjs']));
  });
});
