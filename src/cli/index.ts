/**
 * The `gradio-rx` command (package.json `bin`): `npx gradio-rx types <source>`. Node only: built
 * as its own entry (dist/cli.js) and never imported by a browser entry.
 */
import { runCli } from './run.js';

const code = await runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
});
process.exitCode = code;
