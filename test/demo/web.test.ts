/**
 * The web demo in a real browser: playwright-core drives Debian's Chromium (/usr/bin/chromium,
 * which .ci/run installs) against `startWebDemo()` on a free port. Every test also checks that
 * the page logged no console error; a failing test leaves a screenshot in test-results/.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatClock } from '../../demo/common/format.js';
import { zeroGpuQuotaRetryMs } from '../../demo/space/quota.js';
import { scriptedAnswer, tokenize } from '../../demo/space/scriptedModel.js';
import { startWebDemo, type WebDemo } from '../../demo/web/webDemo.js';
import { qwen25DefaultSystemPrompt } from '../../src/spaces/index.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const chromiumPath = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
/** The README's picture of the page: written when missing or when UPDATE_SCREENSHOTS=1, so runs leave the tree clean. */
const readmeScreenshot = `${root}docs/demo-web.png`;
const writeReadmeScreenshot = process.env['UPDATE_SCREENSHOTS'] === '1' || !existsSync(readmeScreenshot);
const failureScreenshots = `${root}test-results`;

// Locally a missing Chromium skips these tests, loudly; in CI it fails them.
const skipped = !haveChromium && !process.env['CI'];
const skipNote = `browser tests SKIPPED: ${chromiumPath} is missing — apt-get install -y chromium`;
const suite = skipped ? describe.skip : describe;
const title = skipped ? skipNote : 'web demo in Chromium';
if (skipped) {
  // The one deliberate output of the suite: a skipped browser test must not look like a pass.
  console.warn(`\n!!! ${skipNote}\n`);
}

suite(title, () => {
  let browser: Browser;
  let demo: WebDemo;

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`${chromiumPath} is missing: CI must install it (apt-get install -y chromium, see .ci/run)`);
    [browser, demo] = await Promise.all([
      chromium.launch({
        executablePath: chromiumPath,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
      }),
      // A brisker model than the demo's default: the same stream, sooner.
      startWebDemo({ space: { pace: { min: 8, max: 25 } } }),
    ]);
  });

  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });

  /**
   * Runs `body` on a fresh page of the demo; fails when the page logged a console error or
   * threw, and saves a screenshot to test-results/ when anything failed.
   */
  async function onPage(name: string, body: (page: Page) => Promise<void>, expectedConsole?: RegExp): Promise<void> {
    const page = await browser.newPage({ viewport: { width: 1100, height: 720 } });
    const problems: string[] = [];
    page.on('console', (message) => {
      if (expectedConsole?.test(message.text())) return;
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    try {
      await page.goto(`${demo.url}/`);
      await body(page);
      expect(problems).toEqual([]);
    } catch (error) {
      mkdirSync(failureScreenshots, { recursive: true });
      await page.screenshot({ path: `${failureScreenshots}/web-${name}.png`, fullPage: true }).catch(() => undefined);
      throw error;
    } finally {
      await page.close();
    }
  }

  const answerText = (page: Page): Promise<string> => page.locator('#answer').innerText();
  const textOf = (page: Page, selector: string) => () => page.locator(selector).first().innerText();
  /** Waits until the page's last job ended (or runs) as `state` (`body[data-state]`). */
  const reachState = (page: Page, state: string, timeout = 15_000) => page.waitForSelector(`body[data-state="${state}"]`, { timeout });
  const timelineTypes = (page: Page): Promise<(string | null)[]> =>
    page.locator('#timeline li').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['type'] ?? null));

  it('streams the answer into the page while the timeline goes queued → started → generating → completed', async () => {
    await onPage('streams', async (page) => {
      const prompt = 'What is the capital of France?';
      await page.fill('#prompt', prompt);
      await page.click('#generate');

      // Sample the answer while it streams: it grows through several lengths.
      const lengths = new Set<number>();
      await expect.poll(async () => {
        lengths.add((await answerText(page)).length);
        return page.locator('body').getAttribute('data-state');
      }, { timeout: 15_000, interval: 50 }).toBe('completed');
      expect([...lengths].filter((length) => length > 0).length).toBeGreaterThan(5);

      const expected = scriptedAnswer({ prompt, systemPrompt: qwen25DefaultSystemPrompt });
      expect(await answerText(page)).toBe(expected);
      const types = await timelineTypes(page);
      const order = ['queued', 'started', 'progress', 'generating', 'completed'].map((type) => types.indexOf(type));
      expect(order.every((index) => index >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // Behind the simulated visitors, the job waited with a position (how many are left when
      // it joins depends on the machine's speed).
      expect(await textOf(page, '#timeline li[data-type="queued"]')()).toMatch(/queued: position [12] of [12]$/);
      expect(await page.locator('#summary').innerText()).toMatch(new RegExp(`^${tokenize(expected).length} tokens · first token after`));
      if (writeReadmeScreenshot) await page.screenshot({ path: readmeScreenshot });
    });
  });

  it('with "Space asleep", finds the Space through the fake hub and shows it waking up before the answer', async () => {
    // The browser itself reports the edge's 503 pages of a sleeping Space: those are expected.
    await onPage(
      'asleep',
      async (page) => {
        await page.check('#asleep');
        await page.fill('#prompt', 'Hello');
        await page.click('#generate');
        await reachState(page, 'completed', 30_000);
        const entries = await page
          .locator('#timeline li')
          .evaluateAll((items) => items.map((item) => ({ type: (item as HTMLElement).dataset['type'], text: item.textContent ?? '' })));
        const stages = entries.filter((entry) => entry.type === 'space-status').map((entry) => /Space (\w+)/.exec(entry.text)?.[1]);
        expect(stages).toEqual(['sleeping', 'building', 'starting', 'running']);
        const types = entries.map((entry) => entry.type);
        expect(types.lastIndexOf('space-status')).toBeLessThan(types.indexOf('queued'));
        expect(await answerText(page)).toBe(scriptedAnswer({ prompt: 'Hello', systemPrompt: qwen25DefaultSystemPrompt }));
        expect(demo.hubRequests[0]?.path).toBe('/api/spaces/Qwen/Qwen2.5/host');
      },
      /status of 503/,
    );
  }, 40_000);

  it('stops the answer when Cancel is clicked mid-stream, and the Space records the cancel', async () => {
    await onPage('cancel', async (page) => {
      await page.uncheck('#busy');
      await page.fill('#prompt', 'Tell me a long story');
      await page.click('#generate');
      await expect.poll(async () => (await answerText(page)).length, { timeout: 10_000, interval: 20 }).toBeGreaterThan(40);
      await page.click('#cancel');
      await reachState(page, 'cancelled', 2_000);
      const atCancel = await answerText(page);

      await expect.poll(() => demo.spaces.qwen25.cancelled.length, { timeout: 5_000 }).toBe(1);
      expect(demo.spaces.qwen25.cancelled[0]!.via).toBe('cancel');
      // Nothing more arrives after the cancel.
      await page.waitForTimeout(400);
      expect(await answerText(page)).toBe(atCancel);
      const story = scriptedAnswer({ prompt: 'Tell me a long story', systemPrompt: qwen25DefaultSystemPrompt });
      expect(atCancel.length).toBeLessThan(story.length);
      expect(await timelineTypes(page)).not.toContain('completed');
      expect((await timelineTypes(page)).at(-1)).toBe('cancelled');
    });
  });

  it('uploads the picked image to the Space byte for byte', async () => {
    await onPage('upload', async (page) => {
      const bytes = readFileSync(`${root}demo/assets/landscape.png`);
      await page.setInputFiles('#image', { name: 'landscape.png', mimeType: 'image/png', buffer: bytes });
      await page.fill('#prompt', 'What is in this image?');
      await page.click('#generate');
      await reachState(page, 'completed');

      const upload = demo.spaces.qvq.uploads.at(-1);
      expect(upload?.name).toBe('landscape.png');
      expect(Buffer.from(upload!.bytes).equals(bytes)).toBe(true);
      // The Space hashed what it received, and the page shows it.
      const hash = createHash('sha256').update(bytes).digest('hex');
      expect(await answerText(page)).toContain(`I received "landscape.png" (image/png, ${bytes.length} bytes, 64×48 px, sha256 ${hash}).`);
      expect(await timelineTypes(page)).toEqual(expect.arrayContaining(['uploading', 'uploaded']));
    });
  });

  it('shows the quota banner with the retry time parsed from ZeroGPU\'s message, counting down', async () => {
    await onPage('quota', async (page) => {
      await page.check('#out-of-quota');
      await page.click('#generate');
      await reachState(page, 'quota');
      expect(await page.locator('#quota-banner').isVisible()).toBe(true);
      // "Try again in 0:01:30" → 90 000 ms → 1:30, then a live countdown.
      expect(await textOf(page, '#quota-countdown')()).toBe(formatClock(zeroGpuQuotaRetryMs));
      await expect.poll(textOf(page, '#quota-countdown'), { timeout: 3_000, interval: 100 }).toBe(formatClock(zeroGpuQuotaRetryMs - 1000));
      expect(await textOf(page, '#quota-detail')()).toBe('(60 s requested, 20 s left)');
      expect(await answerText(page)).toBe('');
    });
  });
});
