/**
 * ZeroGPU quota failures: recognising them among `gr.Error` texts and reading the requested
 * and remaining GPU seconds, the retry time and the caller's tier from them. Pure functions.
 *
 * Section numbers refer to the protocol spec (spec/gradio-protocol.md §10.1, §13).
 */

/** Which kind of Hugging Face account the quota message was written for. */
export type GpuQuotaTier = 'anonymous' | 'free' | 'pro';

/** What a ZeroGPU quota message tells: every field is absent when the text does not say it. */
export interface GpuQuotaInfo {
  /** GPU seconds the call asked for: 60 in "(60s requested vs. 20s left)". */
  requestedSeconds?: number;
  /** GPU seconds left in the caller's quota: 20 in "(60s requested vs. 20s left)". */
  leftSeconds?: number;
  /**
   * How long to wait before trying again, from "Try again in 13:40:39" (49,239,000 ms).
   * `0` when the server said `0:00:00`, which means "now or unknown": callers that retry must
   * apply a minimum backoff of their own rather than retry at once.
   */
  retryAfterMs?: number;
  /**
   * The account kind the wording addresses: "free ZeroGPU quota" or a "Subscribe to PRO" link ⇒
   * `'free'`; "Pro ZeroGPU quota" or an add-credits link ⇒ `'pro'`; "Create a free account",
   * "Authenticate with a Hugging Face token", "Unlogged user" or a join link ⇒ `'anonymous'`.
   */
  tier?: GpuQuotaTier;
}

/** The title newer `spaces` versions give every quota failure (§13.1). */
const QUOTA_TITLE = 'zerogpu quota exceeded';

/** Texts that mean "quota exhausted" (§13.3 step 2); "runnning" is how the source spells it. */
const QUOTA_PATTERNS: readonly RegExp[] = [
  /exceeded your (?:(?:free|pro) )?(?:zero)?gpu quota/i,
  /exceeded your (?:zerogpu )?runs limit/i,
  /reached its gpu limit/i,
  /run+ing out of daily zerogpu quota/i,
];

/**
 * Failures that share the quota title but are something else: no GPU free within the queue
 * timeout (retry soon) and a duration above the Space's maximum (permanent).
 */
const NOT_QUOTA_PATTERNS: readonly RegExp[] = [
  /no gpu (?:was|is currently) available/i,
  /illegal duration/i,
  /requested gpu duration .*larger than the maximum/i,
];

const SECONDS = String.raw`(\d+(?:\.\d+)?)\s*s`;
const REQUESTED_THEN_LEFT = new RegExp(String.raw`\(\s*${SECONDS} requested vs\.? ${SECONDS} left\s*\)`, 'i');
/** The oldest wording puts the seconds left first: "(112s left vs. 120s requested)". */
const LEFT_THEN_REQUESTED = new RegExp(String.raw`\(\s*${SECONDS} left vs\.? ${SECONDS} requested\s*\)`, 'i');

/**
 * A Python `timedelta` after "Try again in" / "retry in": `H:MM:SS`, `N day(s), H:MM:SS`,
 * optionally with `.ffffff`. The hour part is not zero-padded and may exceed 9.
 */
const RETRY_IN = /(?:try again|retry) in (?:(-?\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/i;

/**
 * Cleans an error text for display and matching.
 *
 * Strips one level of Python-repr quotes (Gradio 4.x–5.1 send `gr.Error` messages as `'text'`
 * or `"text"`, §10.1), removes HTML tags but keeps their text, decodes the common HTML
 * entities, unwraps markdown links `[text](url)` to `text`, collapses whitespace and trims.
 *
 * @example
 * ```ts
 * cleanErrorMessage(`'Cannot divide by zero!'`); // 'Cannot divide by zero!'
 * cleanErrorMessage('Go <a href="https://huggingface.co/join">Create a free account</a> now');
 * // 'Go Create a free account now'
 * ```
 */
export function cleanErrorMessage(text: string): string {
  const unquoted = stripPythonRepr(text.trim());
  const withoutHtml = decodeHtmlEntities(stripHtmlTags(unquoted));
  return unwrapMarkdownLinks(withoutHtml).replace(/\s+/g, ' ').trim();
}

/**
 * Whether a failure is a ZeroGPU quota failure, and what can be read from it.
 *
 * `message` is the `gr.Error` text (`output.error` of a failed `process_completed`, or the
 * error object's `error` on the Gradio ≥ 6.13 call API); `title` is its title when the server
 * sent one. Quota when the title is "ZeroGPU quota exceeded" (unless the text is a
 * "No GPU was available…" queue timeout) or the text uses one of the quota wordings of §13.2.
 *
 * @returns what the text says (possibly `{}`), or `undefined` when it is not a quota failure.
 *   A missing text counts only with the quota title: the bare `data: null` error of the
 *   Gradio 5 call API is not classified as quota, since nothing says it is one (§13.3 step 6).
 *
 * @example
 * ```ts
 * parseGpuQuota(
 *   'You have exceeded your free ZeroGPU quota (60s requested vs. 20s left). Try again in 13:40:39.',
 *   'ZeroGPU quota exceeded',
 * ); // { requestedSeconds: 60, leftSeconds: 20, retryAfterMs: 49_239_000, tier: 'free' }
 * ```
 */
export function parseGpuQuota(message: string | null | undefined, title?: string | null): GpuQuotaInfo | undefined {
  const raw = message ?? '';
  const text = cleanErrorMessage(raw);
  const cleanTitle = cleanErrorMessage(title ?? '');
  if (NOT_QUOTA_PATTERNS.some((pattern) => pattern.test(text) || pattern.test(cleanTitle))) return undefined;
  const titleSaysQuota = cleanTitle.toLowerCase() === QUOTA_TITLE;
  if (!titleSaysQuota && !QUOTA_PATTERNS.some((pattern) => pattern.test(text))) return undefined;

  const info: GpuQuotaInfo = {};
  readSeconds(text, info);
  const retryAfterMs = readRetryAfterMs(text);
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  // Links are matched on the raw text too: cleaning drops the `href` of an HTML link.
  const tier = readTier(text, raw);
  if (tier !== undefined) info.tier = tier;
  return info;
}

function readSeconds(text: string, info: GpuQuotaInfo): void {
  const requestedFirst = REQUESTED_THEN_LEFT.exec(text);
  if (requestedFirst) {
    info.requestedSeconds = Number(requestedFirst[1]);
    info.leftSeconds = Number(requestedFirst[2]);
    return;
  }
  const leftFirst = LEFT_THEN_REQUESTED.exec(text);
  if (leftFirst) {
    info.leftSeconds = Number(leftFirst[1]);
    info.requestedSeconds = Number(leftFirst[2]);
  }
}

function readRetryAfterMs(text: string): number | undefined {
  const match = RETRY_IN.exec(text);
  if (!match) return undefined;
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match;
  const totalSeconds = Number(days) * 86_400 + Number(hours) * 3_600 + Number(minutes) * 60 + Number(seconds);
  // A negative timedelta ("-1 day, 23:59:59") means the wait is already over.
  return Math.max(0, Math.round(totalSeconds * 1000));
}

/** Wording and links that tell the tier, checked in this order (§13.2, §13.3 step 5). */
const TIER_HINTS: readonly (readonly [GpuQuotaTier, RegExp])[] = [
  [
    'anonymous',
    /create a free account|authenticate with a hugging ?face token|unlogged user|sign-?up on hugging ?face|huggingface\.co\/join\b/i,
  ],
  ['pro', /add credits|add-credits=/i],
  ['free', /subscribe to (?:hugging ?face )?pro\b|huggingface\.co\/subscribe\/pro\b/i],
];

/**
 * The tier, most specific hint first: the word before "GPU quota" (variants A and C), then the
 * wording and links of the rest of the message.
 */
function readTier(text: string, raw: string): GpuQuotaTier | undefined {
  const gpuWord = /exceeded your (free|pro) (?:zero)?gpu quota/i.exec(text)?.[1]?.toLowerCase();
  if (gpuWord === 'free' || gpuWord === 'pro') return gpuWord;
  const both = `${text} ${raw}`;
  return TIER_HINTS.find(([, hint]) => hint.test(both))?.[0];
}

/**
 * Removes the quotes of a Python `repr()` of a string and undoes its backslash escapes. Only
 * when the text really is such a literal: the wrapping quote never appears unescaped inside,
 * so `"a" or "b"` is left alone.
 */
function stripPythonRepr(text: string): string {
  const quote = text[0];
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text[text.length - 1] !== quote) return text;
  const inner = text.slice(1, -1);
  if (!isEscapedLiteralBody(inner, quote)) return text;
  return inner.replace(
    /\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g,
    (_escape, code: string) => unescapePython(code),
  );
}

/** True when `inner` has no unescaped `quote` and does not end inside an escape. */
function isEscapedLiteralBody(inner: string, quote: string): boolean {
  for (let index = 0; index < inner.length; index++) {
    const char = inner[index];
    if (char === '\\') {
      if (index === inner.length - 1) return false;
      index++;
    } else if (char === quote) {
      return false;
    }
  }
  return true;
}

function unescapePython(code: string): string {
  switch (code[0]) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'x':
    case 'u':
    case 'U': {
      const point = Number.parseInt(code.slice(1), 16);
      return point <= 0x10ffff ? String.fromCodePoint(point) : `\\${code}`;
    }
    default:
      // \\, \' and \" stand for the character itself; Python keeps unknown escapes verbatim.
      return code === '\\' || code === "'" || code === '"' ? code : `\\${code}`;
  }
}

/** Tags whose removal must not glue the words on either side together. */
const BLOCK_TAG = /^(?:br|p|div|li|ul|ol|tr|td|th|table|h[1-6]|hr|pre|blockquote|section|article|header|footer)$/i;

/** A tag: `<` then a letter (so "a < b" is text), attributes possibly quoting `>`. */
const HTML_TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;

function stripHtmlTags(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(HTML_TAG, (_tag, name: string) => (BLOCK_TAG.test(name) ? ' ' : ''));
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
};

function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|[a-zA-Z]+);/g, (entity, body: string) => {
    if (body[0] === '#') {
      const point = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
  });
}

/** `[text](url)` and `![alt](url)`, with an optional `"title"` after the URL. */
function unwrapMarkdownLinks(text: string): string {
  return text.replace(/!?\[([^\]]*)\]\(\s*[^\s)]*(?:\s+"[^"]*")?\s*\)/g, '$1');
}
