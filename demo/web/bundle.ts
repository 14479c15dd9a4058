/**
 * Builds the web page's script with esbuild, in memory: demo/web/app.ts with gradio-rx (from
 * src/) and rxjs bundled for browsers. Nothing is written to disk.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The page's script, an ES module. Throws with esbuild's messages when it does not build. */
export async function bundleWebApp(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./app.ts', import.meta.url))],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
    // undici is only loaded (by name, at run time) for Node proxies: never in a page.
    external: ['undici'],
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild produced no output for demo/web/app.ts');
  return output.text;
}
