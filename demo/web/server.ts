/**
 * `npm run demo:web`: serves the web demo (page + fake Spaces) on 127.0.0.1 and prints its URL.
 *
 *   npm run demo:web                 # http://127.0.0.1:7870
 *   npm run demo:web -- --port 0     # any free port
 */
import { parseArgs } from 'node:util';
import { watchCancels } from '../space/cancelWatch.js';
import { startWebDemo } from './webDemo.js';

const { values } = parseArgs({ args: process.argv.slice(2), options: { port: { type: 'string', default: '7870' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`--port must be a port number, not ${JSON.stringify(values.port)}\n`);
  process.exit(2);
}

const demo = await startWebDemo({ port });
for (const [name, fake] of Object.entries(demo.spaces)) {
  watchCancels(fake, (record) => process.stdout.write(`[fake space] ${name}: cancel received for ${record.eventId} (via ${record.via})\n`));
}
process.stdout.write(`gradio-rx web demo: ${demo.url}/\n(the page and its fake Spaces, offline; Ctrl-C stops)\n`);

process.once('SIGINT', () => {
  void demo.close().then(() => process.exit(0));
});
