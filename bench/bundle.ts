/**
 * Bundle sizes for the browser: `import { gradio } from 'gradio-rx'` bundled with esbuild
 * (minified ESM, platform browser), rxjs excluded (it is a peer dependency) and included,
 * against `@gradio/client`'s own browser build. Sizes are min+gzip (node:zlib, level 9).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface BundleSize {
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** Whether the code imports a Node built-in (`node:…`): the core browser entry must not. */
  importsNode: boolean;
}

/** The three bundles of the report: gradio-rx without and with rxjs, and @gradio/client. */
export async function measureBundles(): Promise<BundleSize[]> {
  return [
    await bundleGradioRx('gradio-rx (rxjs external)', ['rxjs']),
    await bundleGradioRx('gradio-rx (rxjs included)', []),
    await officialBrowserBuild(),
  ];
}

async function bundleGradioRx(name: string, external: string[]): Promise<BundleSize> {
  const result = await build({
    stdin: {
      contents: `import { gradio } from ${JSON.stringify(join(repo, 'src/index.ts'))};\nexport { gradio };\n`,
      resolveDir: repo,
      loader: 'ts',
      sourcefile: 'bench-entry.ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    external,
    write: false,
    logLevel: 'silent',
  });
  return sizeOf(name, result.outputFiles[0]!.text);
}

/** `@gradio/client`'s own browser build (the `browser` condition of its exports). */
async function officialBrowserBuild(): Promise<BundleSize> {
  const require = createRequire(join(repo, 'package.json'));
  const packageDir = dirname(require.resolve('@gradio/client/package.json'));
  const text = await readFile(join(packageDir, 'dist/browser.js'), 'utf8');
  return sizeOf('@gradio/client 2.7.0 (dist/browser.js)', text);
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
