/**
 * The Angular demo (demo/angular) in Debian's Chromium, driven by playwright-core: streaming,
 * queue position, Stop, cancel on route change, the quota banner, image upload, and a console
 * free of errors (NG0506 included). The fake Spaces behind the app record what reached them.
 *
 * Run with `npm run test:angular`, which builds gradio-rx and the demo first.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DemoProcess, isDemoBuilt, startDemo } from './demoServer.js';

const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
const onCi = Boolean(process.env['CI']);
const hasChromium = existsSync(chromiumPath);
// Locally, a machine without Chromium skips these tests, and says so in their name; CI fails.
const suiteName = hasChromium || onCi ? 'the Angular demo in Chromium' : `the Angular demo in Chromium — SKIPPED: no ${chromiumPath} (apt-get install chromium)`;

/** The story the chat imitation tells when asked for one (demo/angular/fakeSpaces.ts). */
const storyStart = 'Once upon a time a small model lived in a big GPU.';

let demo: DemoProcess;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Console errors and warnings, and uncaught exceptions, of every page of the current test. */
let problems: string[];

describe.skipIf(!hasChromium && !onCi)(suiteName, () => {
  beforeAll(async () => {
    if (!hasChromium) throw new Error(`Chromium is missing at ${chromiumPath}: install Debian's chromium package (.ci/run does).`);
    if (!isDemoBuilt()) throw new Error('demo/angular is not built: run `npm run test:angular`, which builds it.');
    demo = await startDemo();
    browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
  });

  beforeEach(async () => {
    problems = [];
    context = await browser.newContext();
    page = await openPage(context);
  });

  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: `test-results/angular-${task.name.replace(/\W+/g, '-').slice(0, 80)}.png`, fullPage: true });
    }
    await context.close();
  });

  it('streams the answer token by token after the progress of the model loading', async () => {
    await page.goto(`${demo.url}/chat`);
    await ask(page, 'Hello Angular');

    await poll(() => textOf(page.getByTestId('progress'))).toContain('Loading the model');
    const lengths = await answerLengthsUntilDone(page);
    expect(new Set(lengths).size).toBeGreaterThan(5);
    expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
    expect(await textOf(lastAnswer(page))).toBe('You asked: “Hello Angular”. This answer streams from a local imitation of the Qwen2.5 Space, one token at a time.');
    expect(problems).toEqual([]);
  });

  it('starts a job from a /chat?q= link after the first render', async () => {
    await page.goto(`${demo.url}/chat?q=${encodeURIComponent('From a link')}`);
    await poll(() => textOf(page.getByTestId('question'))).toContain('From a link');
    await page.getByTestId('completed').waitFor();
    expect(await textOf(lastAnswer(page))).toContain('You asked: “From a link”.');
    expect(problems).toEqual([]);
  });

  it('Stop cancels the job on the Space and the answer stops growing', async () => {
    const before = await demo.records();
    await page.goto(`${demo.url}/chat`);
    await ask(page, 'Tell me a long story');
    await poll(() => textOf(lastAnswer(page))).toContain(storyStart);

    await page.getByTestId('stop').click();
    await page.getByTestId('stopped').waitFor();
    await poll(async () => (await demo.records()).qwen25.cancelled.length).toBe(before.qwen25.cancelled.length + 1);
    const after = await demo.records();
    expect(after.qwen25.cancelRequests).toBeGreaterThan(before.qwen25.cancelRequests);

    const stoppedText = await lastAnswer(page).innerText();
    await page.waitForTimeout(600); // 12 more tokens' time: none may arrive
    expect(await lastAnswer(page).innerText()).toBe(stoppedText);
    expect(stoppedText.length).toBeLessThan(300);
    expect(await page.getByTestId('stop').isDisabled()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('leaving the chat route mid-answer cancels the job', async () => {
    const before = await demo.records();
    await page.goto(`${demo.url}/chat`);
    await ask(page, 'Tell me a long story');
    await poll(() => textOf(lastAnswer(page))).toContain(storyStart);

    await page.getByRole('link', { name: 'About' }).click();
    await page.waitForURL(/\/about$/);
    await poll(async () => (await demo.records()).qwen25.cancelled.length).toBe(before.qwen25.cancelled.length + 1);
    // The about page reads the Space's API through the async pipe: no job, no cancel.
    await poll(() => textOf(page.getByTestId('endpoints'))).toContain('/model_chat');
    expect((await demo.records()).qwen25.joins).toBe(before.qwen25.joins + 1);
    expect(problems).toEqual([]);
  });

  it('shows the queue position while another user’s job holds the Space, then answers', async () => {
    const other = await openPage(await browser.newContext());
    await other.goto(`${demo.url}/chat`);
    await ask(other, 'Tell me a long story');
    await poll(() => textOf(lastAnswer(other))).toContain(storyStart);

    await page.goto(`${demo.url}/chat`);
    await ask(page, 'Am I next?');
    await poll(() => textOf(page.getByTestId('queue-position'))).toMatch(/In queue: 1\s+of 1/);

    await other.getByTestId('stop').click(); // frees the Space's only worker
    await page.getByTestId('completed').waitFor();
    expect(await textOf(lastAnswer(page))).toContain('You asked: “Am I next?”.');
    await other.context().close();
    expect(problems).toEqual([]);
  });

  it('shows the ZeroGPU quota banner with a countdown that ticks', async () => {
    await page.goto(`${demo.url}/chat`);
    await ask(page, 'Does this hit the quota?');

    await poll(() => textOf(page.getByTestId('quota-banner'))).toContain('60 s of GPU time; 12 s are left');
    const countdown = page.getByTestId('countdown');
    await poll(() => textOf(countdown)).toMatch(/Try again in 1:(30|29)\./);
    const first = secondsIn(await countdown.innerText());
    await poll(async () => secondsIn(await countdown.innerText())).toBeLessThan(first);
    expect(problems).toEqual([]);
  });

  it('uploads the picked image to the QVQ Space byte for byte and streams the answer about it', async () => {
    const image = testImage();
    const digest = createHash('sha256').update(image).digest('hex');
    const before = await demo.records();
    await page.goto(`${demo.url}/vision`);
    await page.getByTestId('image-input').setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: image });
    await page.getByTestId('vision-question').fill('What colour is it?');
    await page.getByTestId('ask').click();

    await page.getByTestId('completed').waitFor();
    const answer = await textOf(page.getByTestId('vision-answer'));
    expect(answer).toContain(`SHA-256 ${digest}`);
    expect(answer).toContain('You asked: “What colour is it?”. It looks like a very fine picture.');
    const uploads = (await demo.records()).qvq.uploads.slice(before.qvq.uploads.length);
    expect(uploads).toEqual([{ name: 'pixel.png', type: 'image/png', size: image.length, sha256: digest }]);
    expect(problems).toEqual([]);
  });

  it('Stop on the vision page aborts the rxResource load, which cancels the QVQ job', async () => {
    const before = await demo.records();
    await page.goto(`${demo.url}/vision`);
    await page.getByTestId('image-input').setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: testImage() });
    await page.getByTestId('ask').click();
    await poll(() => textOf(page.getByTestId('vision-answer'))).toContain('I received pixel.png');

    await page.getByTestId('vision-stop').click();
    await page.getByTestId('vision-stopped').waitFor();
    await poll(async () => (await demo.records()).qvq.cancelled.length).toBe(before.qvq.cancelled.length + 1);
    const stoppedText = await textOf(page.getByTestId('vision-answer'));
    await page.waitForTimeout(400);
    expect(await textOf(page.getByTestId('vision-answer'))).toBe(stoppedText);
    expect(stoppedText).not.toContain('It looks like a very fine picture.');
    expect(await page.getByTestId('ask').isEnabled()).toBe(true);
    expect(problems).toEqual([]);
  });

  it('leaving the vision page mid-answer destroys the resource, which cancels the QVQ job', async () => {
    const before = await demo.records();
    await page.goto(`${demo.url}/vision`);
    await page.getByTestId('image-input').setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: testImage() });
    await page.getByTestId('ask').click();
    await poll(() => textOf(page.getByTestId('vision-answer'))).toContain('I received pixel.png');

    await page.getByRole('link', { name: 'Chat' }).click();
    await page.waitForURL(/\/chat$/);
    await poll(async () => (await demo.records()).qvq.cancelled.length).toBe(before.qvq.cancelled.length + 1);
    expect(problems).toEqual([]);
  });

  it('keeps the console free of errors and warnings (no NG0506) across a whole visit', async () => {
    await page.goto(`${demo.url}/chat`);
    await ask(page, 'Hi');
    await page.getByTestId('completed').waitFor();
    await ask(page, 'quota?');
    await poll(() => textOf(page.getByTestId('countdown'))).toContain('Try again');
    await page.getByRole('link', { name: 'Vision' }).click();
    await page.getByTestId('image-input').setInputFiles({ name: 'pixel.png', mimeType: 'image/png', buffer: testImage() });
    await page.getByTestId('ask').click();
    await page.getByTestId('completed').waitFor();
    await page.getByRole('link', { name: 'About' }).click();
    await poll(() => textOf(page.getByTestId('endpoints'))).toContain('/model_chat');
    // NG0506 ("application remains unstable") is reported 10 s after a render that never settles.
    await page.waitForTimeout(10_500);
    expect(problems).toEqual([]);
  }, 40_000);
});

/** Retries an assertion on a value read from the page until it holds (10 s at most). */
function poll<T>(read: () => Promise<T>) {
  return expect.poll(read, { timeout: 10_000, interval: 25 });
}

/** The text of the first element found, or '' while there is none. */
async function textOf(locator: Locator): Promise<string> {
  return (await locator.count()) === 0 ? '' : locator.first().innerText();
}

/** A page whose console errors, warnings and uncaught exceptions go to `problems`. */
async function openPage(browserContext: BrowserContext): Promise<Page> {
  const opened = await browserContext.newPage();
  opened.setDefaultTimeout(10_000);
  opened.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
  });
  opened.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return opened;
}

async function ask(target: Page, text: string): Promise<void> {
  await target.getByTestId('prompt').fill(text);
  await target.getByTestId('send').click();
}

function lastAnswer(target: Page): Locator {
  return target.getByTestId('answer').last().locator('.answer');
}

/** The length of the answer, sampled until the job completes. */
async function answerLengthsUntilDone(target: Page): Promise<number[]> {
  const lengths: number[] = [];
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const done = await target.getByTestId('completed').isVisible();
    const answers = target.getByTestId('answer');
    if ((await answers.count()) > 0) lengths.push((await lastAnswer(target).innerText()).length);
    if (done) return lengths;
    await target.waitForTimeout(20);
  }
  throw new Error(`The answer did not complete; lengths seen: ${lengths.join(', ')}`);
}

/** "Try again in 1:29." → 89. */
function secondsIn(text: string): number {
  const match = /(\d+):(\d{2})/.exec(text);
  if (match === null) throw new Error(`No countdown in ${JSON.stringify(text)}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** A real 1×1 PNG followed by 4 KiB holding every byte value, so that any mangling shows. */
function testImage(): Buffer {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
  const tail = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 131 + 7) & 0xff));
  return Buffer.concat([png, tail]);
}
