/**
 * Whether the built package reflects the sources: the benchmarks measure dist/ when it is at
 * least as new as every file under src/, else they bundle the sources themselves.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** True when `builtFile` exists and is no older than the newest file under `{repo}/src`. */
export function isBuildFresh(repo: string, builtFile: string): boolean {
  return existsSync(builtFile) && statSync(builtFile).mtimeMs >= newestMtime(join(repo, 'src'));
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
