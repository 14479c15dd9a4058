/**
 * The minimal demo: an embedded fake Gradio app streams a chat answer token by token, and
 * gradio-rx prints it as it arrives. Offline; `npm run demo`.
 */
import { lastValueFrom, tap } from 'rxjs';
import { gradio, textDeltas } from '../src/index.js';
import { startFakeGradioServer } from '../src/testing/index.js';

const answer = 'Gradio jobs are Observables here: subscribe to run one, unsubscribe to cancel it on the server.';

const server = await startFakeGradioServer({
  endpoints: [
    {
      apiName: 'chat',
      inputs: [{ type: 'textbox', label: 'Message' }, { type: 'chatbot', label: 'Chatbot', props: { type: 'messages' }, default: [] }],
      outputs: [{ type: 'chatbot', label: 'Chatbot', props: { type: 'messages' } }],
      async *fn([message], ctx) {
        let reply = '';
        for (const token of answer.split(/(?= )/)) {
          await ctx.sleep(40);
          reply += token;
          yield [[{ role: 'user', content: String(message) }, { role: 'assistant', content: reply }]];
        }
      },
    },
  ],
});

const prompt = 'What is gradio-rx?';
process.stdout.write(`> ${prompt}\n`);
await lastValueFrom(gradio(server.url).submit('/chat', [prompt, []]).pipe(textDeltas(), tap((text) => process.stdout.write(text))));
process.stdout.write('\n');
await server.close();
