import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const checkedFolders = ['src', 'test', 'demo', 'bench'];
const skipped = new Set(['node_modules', 'dist', 'fixtures', '.angular', 'test-results']);
const sourceFile = /\.(?:[cm]?[jt]s|tsx|html|json)$/;

/** Every source file of the checked folders, as paths relative to the repository root. */
function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(folder)) {
    if (skipped.has(name)) continue;
    const path = join(folder, name);
    if (statSync(path).isDirectory()) found.push(...sourceFiles(path));
    else if (sourceFile.test(name) && !name.endsWith('package-lock.json')) found.push(path);
  }
  return found;
}

/** What a file names outside the repository: the spec folder beside this checkout, or this machine's absolute paths. */
export function pathsOutsideRepository(text: string): string[] {
  const outside = /(?:\.\.\/)+shared\/|\/work\/(?:main|shared)\b|\/root\/|\/home\/[a-z]/g;
  return text.match(outside) ?? [];
}

describe('the repository is self-contained', () => {
  it('recognises a reference to the spec folder beside the checkout and to absolute paths of this machine', () => {
    // Built from parts so that this file does not name those paths itself.
    const besideCheckout = ['..', '..', '..', 'shared', ''].join('/');
    const absolute = ['', 'work', 'shared'].join('/');
    expect(pathsOutsideRepository(`new URL('${besideCheckout}spec/', import.meta.url)`)).toEqual([besideCheckout]);
    expect(pathsOutsideRepository(`readFileSync('${absolute}/spec/real/a01.txt')`)).toEqual([absolute]);
    expect(pathsOutsideRepository("import { x } from '../common/format.js'")).toEqual([]);
  });

  it('has no file under src, test, demo or bench that reads outside the repository', () => {
    const offenders: string[] = [];
    for (const folder of checkedFolders) {
      for (const path of sourceFiles(join(root, folder))) {
        const named = pathsOutsideRepository(readFileSync(path, 'utf8'));
        if (named.length > 0) offenders.push(`${relative(root, path)}: ${named.join(', ')}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
