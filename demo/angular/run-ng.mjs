#!/usr/bin/env node
// Runs the Angular CLI (`node run-ng.mjs build`) on a Node.js version it accepts.
//
// The current Angular CLI refuses to start on Node 20, which is what this repository's machines
// and CI run. When this Node.js does not satisfy the CLI's `engines.node`, the CLI runs on the
// oldest Node.js major the CLI names instead, fetched from the npm registry by `npx node@<major>`
// (the same way the root CI runs the test suite on Node 22). Analytics stay off either way.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const cliPackage = JSON.parse(readFileSync(new URL('node_modules/@angular/cli/package.json', import.meta.url), 'utf8'));
const ng = fileURLToPath(new URL('node_modules/@angular/cli/bin/ng.js', import.meta.url));
const engines = String(cliPackage.engines?.node ?? '');

const env = { ...process.env, NG_CLI_ANALYTICS: 'false' };
const args = process.argv.slice(2);
const [command, ...commandArgs] = satisfies(process.versions.node, engines)
  ? [process.execPath, ng, ...args]
  : ['npx', '--yes', `node@${oldestMajor(engines)}`, ng, ...args];

const child = spawn(command, commandArgs, { cwd: here, env, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));

/** True when `version` matches one of the `||` ranges of `^x.y.z` and `>=x.y.z` terms. */
function satisfies(version, range) {
  const current = parse(version);
  return range.split('||').some((term) => {
    const match = /^\s*(\^|>=)\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(term);
    if (match === null) return false;
    const [, operator, wanted] = match;
    const minimum = parse(wanted);
    if (compare(current, minimum) < 0) return false;
    return operator === '>=' || current[0] === minimum[0];
  });
}

/** The lowest major version the range names: `22` for `^22.22.3 || ^24.15.0`. */
function oldestMajor(range) {
  const majors = [...range.matchAll(/(\d+)\.\d+/g)].map((match) => Number(match[1]));
  return majors.length === 0 ? 'lts' : String(Math.min(...majors));
}

function parse(version) {
  const parts = String(version).split('.').map((part) => Number.parseInt(part, 10) || 0);
  return [parts[0] ?? 0, parts[1] ?? 0, parts[2] ?? 0];
}

function compare(a, b) {
  for (let index = 0; index < 3; index++) if (a[index] !== b[index]) return a[index] - b[index];
  return 0;
}
