/**
 * ZeroGPU quota recognition and parsing. Message texts come from the protocol spec
 * (spec/gradio-protocol.md §13.2: `spaces` variants A, B, C and the texts observed in the wild)
 * and from the transcripts named on each test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanErrorMessage, parseGpuQuota } from '../src/quota.js';
import type { GpuQuotaInfo } from '../src/quota.js';

/** `it.each` rows named by their description column (`%s` shows it whole; `$description` cuts it at 40 characters). */
const named = <T extends { description: string }>(cases: readonly T[]): [string, T][] =>
  cases.map((testCase) => [testCase.description, testCase]);

const QUOTA_TITLE = 'ZeroGPU quota exceeded';
/** The `<a …>` markup `spaces` emits when it believes the Gradio version renders HTML toasts. */
const LINK_STYLE = 'white-space: nowrap;text-underline-offset: 2px;color: var(--body-text-color)';
const joinLink = (text: string) => `<a style="${LINK_STYLE}" href="https://huggingface.co/join">${text}</a>`;
const subscriptionLink = (text: string) =>
  `<a style="${LINK_STYLE}" href="https://huggingface.co/settings/billing/subscription">${text}</a>`;

interface QuotaCase {
  description: string;
  message: string;
  title?: string;
  expected: GpuQuotaInfo;
}

describe('parseGpuQuota', () => {
  describe('reads the spaces variant A texts (title "Error" or none)', () => {
    const cases: QuotaCase[] = [
      {
        description: 'anonymous caller with the HTML join link',
        message: `You have exceeded your GPU quota (60s requested vs. 20s left). ${joinLink('Create a free account')} to get more usage quota.`,
        title: 'Error',
        expected: { requestedSeconds: 60, leftSeconds: 20, tier: 'anonymous' },
      },
      {
        description: 'anonymous caller on Gradio 5.1, where the link is plain text',
        message: 'You have exceeded your GPU quota (60s requested vs. 20s left). Create a free account to get more usage quota.',
        title: 'Error',
        expected: { requestedSeconds: 60, leftSeconds: 20, tier: 'anonymous' },
      },
      {
        description: 'free account with the HTML "Subscribe to Pro" link',
        message: `You have exceeded your free GPU quota (60s requested vs. 20s left). ${subscriptionLink('Subscribe to Pro')} to get 5x more usage quota.`,
        title: 'Error',
        expected: { requestedSeconds: 60, leftSeconds: 20, tier: 'free' },
      },
      {
        description: 'Pro account told when to try again',
        message: 'You have exceeded your Pro GPU quota (300s requested vs. 12s left). Try again in 0:06:53',
        title: 'Error',
        expected: { requestedSeconds: 300, leftSeconds: 12, retryAfterMs: 413_000, tier: 'pro' },
      },
      {
        description: 'free account on Gradio < 4.27, which always gets "Try again in"',
        message: 'You have exceeded your free GPU quota (60s requested vs. 20s left). Try again in 23:14:07',
        expected: { requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 83_647_000, tier: 'free' },
      },
    ];
    it.each(named(cases))('%s', (_name, { message, title, expected }) => {
      expect(parseGpuQuota(message, title)).toEqual(expected);
    });
  });

  describe('reads the spaces variant B texts (title "ZeroGPU quota exceeded")', () => {
    const cases: QuotaCase[] = [
      {
        description: 'free account waiting more than a day',
        message: 'You have exceeded your free GPU quota (120s requested vs. 30s left). Try again in 1 day, 2:03:04',
        title: QUOTA_TITLE,
        expected: { requestedSeconds: 120, leftSeconds: 30, retryAfterMs: 93_784_000, tier: 'free' },
      },
      {
        description: 'runs limit reached, which says nothing more',
        message: 'You have exceeded your runs limit.',
        title: QUOTA_TITLE,
        expected: {},
      },
      {
        description: 'unlogged MCP caller ("runnning", sic)',
        message:
          'Unlogged user is runnning out of daily ZeroGPU quotas. Signup for free on https://huggingface.co/join or login on https://huggingface.co/login to get more ZeroGPU quota now.',
        title: QUOTA_TITLE,
        expected: { tier: 'anonymous' },
      },
      {
        description: 'logged-in MCP caller pointed to the PRO subscription',
        message:
          'User is runnning out of daily ZeroGPU quotas. Visit https://huggingface.co/subscribe/pro to get more ZeroGPU quota now.',
        title: QUOTA_TITLE,
        expected: { tier: 'free' },
      },
    ];
    it.each(named(cases))('%s', (_name, { message, title, expected }) => {
      expect(parseGpuQuota(message, title)).toEqual(expected);
    });

    it.each(named(cases))('recognises %s from its text alone, without the title', (_name, { message }) => {
      expect(parseGpuQuota(message)).toBeDefined();
    });
  });

  describe('reads the spaces variant C texts (spaces 0.51.x)', () => {
    const quotaSentence = (gpu: string) =>
      `You have exceeded your ${gpu} quota (60s requested vs. 20s left). Try again in 13:40:39. `;
    const cases: QuotaCase[] = [
      {
        description: 'anonymous API caller asked to authenticate',
        message: `${quotaSentence('ZeroGPU')}Authenticate with a Hugging Face token for more quota - https://huggingface.co/settings/tokens`,
        title: QUOTA_TITLE,
        expected: { requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000, tier: 'anonymous' },
      },
      {
        description: 'free API caller offered Hugging Face PRO',
        message: `${quotaSentence('free ZeroGPU')}Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU`,
        title: QUOTA_TITLE,
        expected: { requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000, tier: 'free' },
      },
      {
        description: 'Pro API caller offered credits',
        message: `${quotaSentence('Pro ZeroGPU')}Add credits to keep using ZeroGPU. $1 for 10 minutes of ZeroGPU inference - https://huggingface.co/settings/billing?add-credits=true`,
        title: QUOTA_TITLE,
        expected: { requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000, tier: 'pro' },
      },
      {
        description: 'web UI caller, whose text has no tier hint and a trailing space',
        message: quotaSentence('ZeroGPU'),
        title: QUOTA_TITLE,
        expected: { requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000 },
      },
      {
        description: 'anonymous caller over the runs limit',
        message:
          'You have exceeded your ZeroGPU runs limit. Authenticate with a Hugging Face token for more quota - https://huggingface.co/settings/tokens',
        title: QUOTA_TITLE,
        expected: { tier: 'anonymous' },
      },
      {
        description: 'free caller over the runs limit',
        message:
          'You have exceeded your ZeroGPU runs limit. Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU',
        title: QUOTA_TITLE,
        expected: { tier: 'free' },
      },
      {
        description: 'Pro caller over the runs limit',
        message:
          'You have exceeded your ZeroGPU runs limit. Add credits to keep using ZeroGPU. $1 for 10 minutes of ZeroGPU inference - https://huggingface.co/settings/billing?add-credits=true',
        title: QUOTA_TITLE,
        expected: { tier: 'pro' },
      },
    ];
    it.each(named(cases))('%s', (_name, { message, title, expected }) => {
      expect(parseGpuQuota(message, title)).toEqual(expected);
    });
  });

  describe('reads the no-identity text (spaces variants B and C)', () => {
    const message =
      'Space app has reached its GPU limit. Try re-running outside of examples if it happened after clicking one';

    it('classifies it as quota with the quota title', () => {
      expect(parseGpuQuota(message, QUOTA_TITLE)).toEqual({});
    });

    it('classifies it as quota from the text alone', () => {
      expect(parseGpuQuota(message, null)).toEqual({});
    });
  });

  describe('reads the texts observed in the wild (spec §13.2)', () => {
    const cases: QuotaCase[] = [
      {
        description: 'the oldest wording: repr-quoted, seconds left before requested, "retry in" (discussions/70)',
        message:
          "'You have exceeded your GPU quota (112s left vs. 120s requested). Sign-up on Hugging Face to get more quotas or retry in 0:06:53'",
        expected: { requestedSeconds: 120, leftSeconds: 112, retryAfterMs: 413_000, tier: 'anonymous' },
      },
      {
        description: 'the plain "Create a free account" text seen through gradio_client (discussions/129)',
        message: 'You have exceeded your GPU quota (150s requested vs. 149s left). Create a free account to get more usage quota.',
        expected: { requestedSeconds: 150, leftSeconds: 149, tier: 'anonymous' },
      },
      {
        description: 'the "daily usage quota" wording on Gradio 5.1.9',
        message:
          'You have exceeded your GPU quota (60s requested vs. 57s left). Create a free account to get more daily usage quota.',
        expected: { requestedSeconds: 60, leftSeconds: 57, tier: 'anonymous' },
      },
      {
        description: 'the HTML link that reached an API client (discussions/145)',
        message: `You have exceeded your GPU quota (60s requested vs. 42s left). ${joinLink('Create a free account')} to get more daily usage quota.`,
        expected: { requestedSeconds: 60, leftSeconds: 42, tier: 'anonymous' },
      },
      {
        description: 'the "0s left, try again in 0:00:00" text seen by a Pro subscriber (thread 173970)',
        message: 'You have exceeded your GPU quota (60s requested vs. 0s left). Try again in 0:00:00',
        expected: { requestedSeconds: 60, leftSeconds: 0, retryAfterMs: 0 },
      },
      {
        description: 'the bare sentence used as an issue title (TencentARC/PhotoMaker #115)',
        message: 'You have exceeded your GPU quota',
        expected: {},
      },
    ];
    it.each(named(cases))('%s', (_name, { message, title, expected }) => {
      expect(parseGpuQuota(message, title)).toEqual(expected);
    });
  });

  describe('reads the transcripts', () => {
    /** The `output` of a failed `process_completed` line, parsed as the client would. */
    const failedOutput = (dataLine: string) => {
      const message = JSON.parse(dataLine) as { output: { error: string | null; title?: string }; title?: string | null };
      return { error: message.output.error, title: message.title ?? message.output.title };
    };

    it('reads requested 60 s, left 20 s, retry after 49,239 s and tier free from queue-zerogpu-quota.txt', () => {
      const { error, title } = failedOutput(
        '{"msg":"process_completed","event_id":"a3f1c2d4e5b60718293a4b5c6d7e8f90","output":{"error":"You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 13:40:39. Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU","duration":10,"visible":true,"title":"ZeroGPU quota exceeded"},"success":false,"title":"ZeroGPU quota exceeded"}',
      );
      expect(parseGpuQuota(error, title)).toEqual({
        requestedSeconds: 60,
        leftSeconds: 20,
        retryAfterMs: 49_239_000,
        tier: 'free',
      });
    });

    it('reads requested 60 s, left 42 s, no retry time and tier anonymous from queue-zerogpu-quota-html.txt', () => {
      // Gradio 4.x shape: no title anywhere, the HTML link JSON-escaped inside the text.
      const { error, title } = failedOutput(
        '{"msg":"process_completed","event_id":"a3f1c2d4e5b60718293a4b5c6d7e8f90","output":{"error":"You have exceeded your GPU quota (60s requested vs. 42s left). <a style=\\"white-space: nowrap;text-underline-offset: 2px;color: var(--body-text-color)\\" href=\\"https://huggingface.co/join\\">Create a free account</a> to get more usage quota.","duration":10,"visible":true},"success":false}',
      );
      expect(title).toBeUndefined();
      expect(parseGpuQuota(error, title)).toEqual({ requestedSeconds: 60, leftSeconds: 42, tier: 'anonymous' });
    });

    it('does not claim quota for the data: null error of call-error-quota.txt, whose text is lost', () => {
      const data = JSON.parse('null') as null;
      expect(parseGpuQuota(data)).toBeUndefined();
    });

    it('reads the error object of call-error-quota-gradio6.txt (Gradio >= 6.13)', () => {
      const data = JSON.parse(
        '{"error": "You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 13:40:39. Subscribe to Hugging Face PRO to get 25 min of ZeroGPU quota a day - https://huggingface.co/subscribe/pro?from=ZeroGPU", "duration": 10, "visible": true, "title": "ZeroGPU quota exceeded"}',
      ) as { error: string; title: string };
      expect(parseGpuQuota(data.error, data.title)).toEqual({
        requestedSeconds: 60,
        leftSeconds: 20,
        retryAfterMs: 49_239_000,
        tier: 'free',
      });
    });

    it('reads the gr.Error of the real Gradio 5.49.1 capture real/a15_queue_quota_data.txt', () => {
      const { error, title } = failedOutput(
        '{"msg":"process_completed","event_id":"2785842151b64d49989f29f997c73b08","output":{"error":"You have exceeded your GPU quota (60s requested vs. 12s left). Try again in 0:01:23.","duration":10,"visible":true,"title":"ZeroGPU quota exceeded"},"success":false,"title":"ZeroGPU quota exceeded"}',
      );
      expect(parseGpuQuota(error, title)).toEqual({ requestedSeconds: 60, leftSeconds: 12, retryAfterMs: 83_000 });
    });
  });

  describe('reads the retry time from every timedelta shape', () => {
    const cases = [
      { description: 'an hour part above 9 ("13:40:39")', wait: 'Try again in 13:40:39', ms: 49_239_000 },
      { description: 'a single-digit hour ("9:05:00")', wait: 'Try again in 9:05:00', ms: 32_700_000 },
      { description: 'the lowercase "retry in" of the oldest wording', wait: 'retry in 0:06:53', ms: 413_000 },
      { description: 'one day ("1 day, 2:03:04")', wait: 'Try again in 1 day, 2:03:04', ms: 93_784_000 },
      { description: 'several days ("2 days, 0:00:01")', wait: 'Try again in 2 days, 0:00:01', ms: 172_801_000 },
      { description: 'microseconds (".500000")', wait: 'Try again in 0:01:23.500000', ms: 83_500 },
      { description: 'zero ("0:00:00"), which callers must back off from themselves', wait: 'Try again in 0:00:00', ms: 0 },
      { description: 'a negative timedelta ("-1 day, 23:59:59"), as zero', wait: 'Try again in -1 day, 23:59:59', ms: 0 },
    ];
    it.each(named(cases))('%s', (_name, { wait, ms }) => {
      const info = parseGpuQuota(`You have exceeded your GPU quota (60s requested vs. 20s left). ${wait}.`);
      expect(info?.retryAfterMs).toBe(ms);
    });
  });

  it('reads fractional seconds requested and left', () => {
    expect(parseGpuQuota('You have exceeded your GPU quota (12.5s requested vs. 3.25s left).')).toEqual({
      requestedSeconds: 12.5,
      leftSeconds: 3.25,
    });
  });

  it('reads fractional seconds in the oldest "left vs. requested" order', () => {
    expect(parseGpuQuota('You have exceeded your GPU quota (0.5s left vs. 12.5s requested).')).toEqual({
      requestedSeconds: 12.5,
      leftSeconds: 0.5,
    });
  });

  it('classifies any text under the "ZeroGPU quota exceeded" title as quota, even without details', () => {
    expect(parseGpuQuota('Something went wrong', QUOTA_TITLE)).toEqual({});
    expect(parseGpuQuota(null, QUOTA_TITLE)).toEqual({});
  });

  it('matches the wordings and the title case-insensitively', () => {
    expect(parseGpuQuota('YOU HAVE EXCEEDED YOUR FREE ZEROGPU QUOTA (60S REQUESTED VS. 20S LEFT)')).toEqual({
      requestedSeconds: 60,
      leftSeconds: 20,
      tier: 'free',
    });
    expect(parseGpuQuota('Try later', 'zerogpu QUOTA exceeded')).toEqual({});
  });

  it('reads a quota text wrapped in a markdown link', () => {
    expect(
      parseGpuQuota('You have exceeded your GPU quota (60s requested vs. 20s left). [Create a free account](https://huggingface.co/join).'),
    ).toEqual({ requestedSeconds: 60, leftSeconds: 20, tier: 'anonymous' });
  });

  describe('rejects what is not a quota failure', () => {
    const cases: { description: string; message: string | null | undefined; title?: string | null }[] = [
      {
        description: 'the GPU queue timeout without identity, even under the quota title',
        message: 'No GPU was available after 60s. Try re-running outside of examples if it happened after clicking one',
        title: QUOTA_TITLE,
      },
      { description: 'the GPU queue timeout of a Pro caller', message: 'No GPU was available after 60s. Retry later', title: 'ZeroGPU queue timeout' },
      {
        description: 'the GPU queue timeout with a "Create a free account" link',
        message: `No GPU was available after 60s. ${joinLink('Create a free account')} to get a higher priority in ZeroGPU queues.`,
        title: 'ZeroGPU queue timeout',
      },
      { description: 'the plain "No GPU was available" client error', message: 'No GPU was available', title: 'ZeroGPU client error' },
      { description: 'the "No GPU is currently available for you" wording', message: 'No GPU is currently available for you after 60s' },
      {
        description: 'a requested duration above the maximum ("ZeroGPU illegal duration")',
        message: 'The requested GPU duration (300s) is larger than the maximum allowed',
        title: 'ZeroGPU illegal duration',
      },
      {
        description: 'the illegal-duration text even under the quota title',
        message: 'The requested GPU duration (300s) is larger than the maximum allowed',
        title: QUOTA_TITLE,
      },
      { description: 'an expired proxy token', message: 'Expired ZeroGPU proxy token', title: 'ZeroGPU client error' },
      { description: 'an internal Gradio error', message: 'Internal Gradio error', title: 'ZeroGPU client error' },
      { description: 'a ZeroGPU queue log line', message: 'Waiting for a GPU to become available', title: 'ZeroGPU queue' },
      { description: 'an ordinary gr.Error with a title (queue-process-completed-error.txt)', message: 'Cannot divide by zero!', title: 'Error' },
      { description: 'an ordinary repr-quoted gr.Error of Gradio 4.x', message: "'Cannot divide by zero!'" },
      { description: 'another service quota', message: 'You have exceeded your OpenAI quota. Check your plan.' },
      { description: 'the generic text of a hidden error', message: 'An error occurred' },
      { description: 'null', message: null },
      { description: 'undefined', message: undefined },
      { description: 'an empty text', message: '', title: '' },
    ];
    it.each(named(cases))('%s', (_name, { message, title }) => {
      expect(parseGpuQuota(message, title)).toBeUndefined();
    });
  });

  it('reads any generated "requested vs. left" text back exactly (property)', () => {
    fc.assert(
      fc.property(
        fc.nat(100_000),
        fc.nat(100_000),
        fc.nat(30),
        fc.nat(23),
        fc.nat(59),
        fc.nat(59),
        (requested, left, days, hours, minutes, seconds) => {
          const dayPart = days === 0 ? '' : `${days} day${days === 1 ? '' : 's'}, `;
          const wait = `${dayPart}${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
          const info = parseGpuQuota(
            `You have exceeded your ZeroGPU quota (${requested}s requested vs. ${left}s left). Try again in ${wait}.`,
          );
          expect(info).toEqual({
            requestedSeconds: requested,
            leftSeconds: left,
            retryAfterMs: ((days * 24 + hours) * 3600 + minutes * 60 + seconds) * 1000,
          });
        },
      ),
    );
  });

  it('never throws on arbitrary text (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string()), (message, title) => {
        const info = parseGpuQuota(message, title);
        expect(info === undefined || typeof info === 'object').toBe(true);
      }),
    );
  });
});

describe('cleanErrorMessage', () => {
  it('strips the single quotes of a Python repr (Gradio 4.x - 5.1, spec §10.1)', () => {
    expect(cleanErrorMessage("'Cannot divide by zero!'")).toBe('Cannot divide by zero!');
  });

  it('strips the double quotes Python uses when the text has an apostrophe', () => {
    expect(cleanErrorMessage(`"Can't divide by zero!"`)).toBe("Can't divide by zero!");
  });

  it('undoes the backslash escapes of a repr that needed both quote kinds', () => {
    expect(cleanErrorMessage(String.raw`'It\'s "odd" \\ path'`)).toBe(`It's "odd" \\ path`);
  });

  it('turns escaped newlines and tabs of a repr into single spaces', () => {
    expect(cleanErrorMessage(String.raw`'line one\nline two\tend'`)).toBe('line one line two end');
  });

  it('decodes \\x and \\u escapes of a repr', () => {
    expect(cleanErrorMessage(String.raw`'caf\xe9 \u2014 done'`)).toBe('café — done');
  });

  it('strips only one level of quotes', () => {
    expect(cleanErrorMessage(`"'quoted'"`)).toBe("'quoted'");
  });

  it('leaves text alone that merely starts and ends with a quote', () => {
    expect(cleanErrorMessage(`'a' and 'b'`)).toBe(`'a' and 'b'`);
    expect(cleanErrorMessage(`"x" or "y"`)).toBe(`"x" or "y"`);
  });

  it('leaves a lone quote character alone', () => {
    expect(cleanErrorMessage("'")).toBe("'");
  });

  it('removes HTML tags and keeps their text', () => {
    expect(
      cleanErrorMessage(`Quota used. ${joinLink('Create a free account')} to get more usage quota.`),
    ).toBe('Quota used. Create a free account to get more usage quota.');
  });

  it('keeps words apart where a block tag separated them', () => {
    expect(cleanErrorMessage('first<br>second<p>third</p>')).toBe('first second third');
  });

  it('drops HTML comments and script contents', () => {
    expect(cleanErrorMessage('a<!-- hidden -->b<script>alert(1)</script> c')).toBe('ab c');
  });

  it('decodes the common HTML entities', () => {
    expect(cleanErrorMessage('Tom &amp; Jerry &lt;3 &quot;x&quot; &#39;y&#39; &#x2014;&nbsp;z')).toBe(
      `Tom & Jerry <3 "x" 'y' — z`,
    );
  });

  it('does not mistake comparison signs for tags', () => {
    expect(cleanErrorMessage('a < b and c > d')).toBe('a < b and c > d');
  });

  it('unwraps markdown links to their text', () => {
    expect(cleanErrorMessage('See [the docs](https://example.com/x "Docs") or ![logo](/l.png).')).toBe(
      'See the docs or logo.',
    );
  });

  it('collapses whitespace and trims', () => {
    expect(cleanErrorMessage('  two\n\n  lines \t here  ')).toBe('two lines here');
  });

  it('strips the quotes of a repr surrounded by whitespace', () => {
    expect(cleanErrorMessage("  'padded'  ")).toBe('padded');
  });

  it('returns single-line, trimmed text for any input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const cleaned = cleanErrorMessage(text);
        expect(cleaned).toBe(cleaned.trim());
        expect(cleaned).not.toMatch(/\s{2}|[\n\r\t]/);
      }),
    );
  });
});
