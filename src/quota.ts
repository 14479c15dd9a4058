/**
 * ZeroGPU quota failures: recognising them among `gr.Error` texts and reading the requested
 * and remaining GPU seconds, the retry time and the caller's tier from them. Pure functions.
 *
 * Section numbers refer to the protocol spec (spec/gradio-protocol.md §10.1, §13).
 *
 * Written with the browser bundle in mind (issue 6): one regex per question rather than
 * lists of them, and lookups instead of branches.
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

/**
 * Texts that mean "quota exhausted" (§13.3 step 2); "runnning" is how the source spells it.
 * One alternation per wording: "exceeded your [free|pro] [zero]gpu quota", "exceeded your
 * [zerogpu] runs limit", "reached its gpu limit", "running out of daily zerogpu quota".
 */
const QUOTA_TEXT =
  /exceeded your (?:(?:(?:free|pro) )?(?:zero)?gpu quota|(?:zerogpu )?runs limit)|reached its gpu limit|run+ing out of daily zerogpu quota/i;

/**
 * Failures that share the quota title (§13.1: "ZeroGPU quota exceeded") but are something
 * else: no GPU free within the queue timeout (retry soon) and a duration above the Space's
 * maximum (permanent).
 */
const NOT_QUOTA_TEXT = /no gpu (?:was|is currently) available|illegal duration|requested gpu duration .*larger than the maximum/i;

/** "(60s requested vs. 20s left)". */
const REQUESTED_THEN_LEFT = /\(\s*(\d+(?:\.\d+)?)\s*s requested vs\.? (\d+(?:\.\d+)?)\s*s left\s*\)/i;
/** The oldest wording puts the seconds left first: "(112s left vs. 120s requested)". */
const LEFT_THEN_REQUESTED = /\(\s*(\d+(?:\.\d+)?)\s*s left vs\.? (\d+(?:\.\d+)?)\s*s requested\s*\)/i;

/**
 * A Python `timedelta` after "Try again in" / "retry in": `H:MM:SS`, `N day(s), H:MM:SS`,
 * optionally with `.ffffff`. The hour part is not zero-padded and may exceed 9.
 */
const RETRY_IN = /(?:try again|retry) in (?:(-?\d+) days?, )?(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/i;

/** Wording and links that tell the tier, checked in this order (§13.2, §13.3 step 5). */
const ANONYMOUS_HINT =
  /create a free account|authenticate with a hugging ?face token|unlogged user|sign-?up on hugging ?face|huggingface\.co\/join\b/i;
const PRO_HINT = /add credits|add-credits=/i;
const FREE_HINT = /subscribe to (?:hugging ?face )?pro\b|huggingface\.co\/subscribe\/pro\b/i;

/** Cleans an error text for display and matching: see the public `cleanErrorMessage` (publicHelpers.ts). */
export function cleanErrorMessage(text: string): string {
  return stripPythonRepr(text.trim())
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(HTML_TAG, (_tag, name: string) => (BLOCK_TAG.test(name) ? ' ' : ''))
    .replace(HTML_ENTITY, decodeEntity)
    .replace(MARKDOWN_LINK, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Whether a failure is a ZeroGPU quota failure, and what can be read from it: see the public `parseGpuQuota` (publicHelpers.ts). */
export function parseGpuQuota(message: string | null | undefined, title?: string | null): GpuQuotaInfo | undefined {
  const raw = message ?? '';
  const text = cleanErrorMessage(raw);
  const cleanTitle = cleanErrorMessage(title ?? '');
  if (NOT_QUOTA_TEXT.test(text) || NOT_QUOTA_TEXT.test(cleanTitle)) return undefined;
  if (cleanTitle.toLowerCase() !== 'zerogpu quota exceeded' && !QUOTA_TEXT.test(text)) return undefined;

  const info: GpuQuotaInfo = {};
  const requestedFirst = REQUESTED_THEN_LEFT.exec(text);
  const leftFirst = requestedFirst ? null : LEFT_THEN_REQUESTED.exec(text);
  if (requestedFirst) {
    info.requestedSeconds = +requestedFirst[1]!;
    info.leftSeconds = +requestedFirst[2]!;
  } else if (leftFirst) {
    info.requestedSeconds = +leftFirst[2]!;
    info.leftSeconds = +leftFirst[1]!;
  }
  const wait = RETRY_IN.exec(text);
  if (wait) {
    const [, days = 0, hours, minutes, seconds] = wait;
    // A negative timedelta ("-1 day, 23:59:59") means the wait is already over.
    info.retryAfterMs = Math.max(0, Math.round((+days * 86_400 + +hours! * 3_600 + +minutes! * 60 + +seconds!) * 1000));
  }
  // The word before "GPU quota" (variants A and C) is the most specific hint; then the wording
  // and links of the rest. Links are matched on the raw text too: cleaning drops an `href`.
  const word = /exceeded your (free|pro) (?:zero)?gpu quota/i.exec(text)?.[1]?.toLowerCase() as GpuQuotaTier | undefined;
  const both = `${text} ${raw}`;
  const tier = word ?? (ANONYMOUS_HINT.test(both) ? 'anonymous' : PRO_HINT.test(both) ? 'pro' : FREE_HINT.test(both) ? 'free' : undefined);
  if (tier) info.tier = tier;
  return info;
}

/**
 * Removes the quotes of a Python `repr()` of a string and undoes its backslash escapes. Only
 * when the text really is such a literal: the wrapping quote never appears unescaped inside
 * and the text does not end inside an escape, so `"a" or "b"` is left alone.
 */
function stripPythonRepr(text: string): string {
  const literal = /^(['"])((?:(?!\1)[^\\]|\\[^])*)\1$/.exec(text);
  return literal ? literal[2]!.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, unescapePython) : text;
}

/** Single-character escapes Python knows, and what they stand for (`\\`, `\'`, `\"` for themselves). */
const ESCAPES = 'ntr\\\'"';
const ESCAPED = '\n\t\r\\\'"';

function unescapePython(escape: string, code: string): string {
  if (code.length > 1) {
    // \xHH, \uHHHH, \UHHHHHHHH: a code point, unless it is beyond Unicode.
    const point = +`0x${code.slice(1)}`;
    return point <= 0x10ffff ? String.fromCodePoint(point) : escape;
  }
  // Python keeps unknown escapes verbatim (and a bare \x or \u is one).
  const at = ESCAPES.indexOf(code);
  return at < 0 ? escape : ESCAPED[at]!;
}

/** Tags whose removal must not glue the words on either side together. */
const BLOCK_TAG = /^(?:br|p|div|li|ul|ol|tr|td|th|table|h[1-6]|hr|pre|blockquote|section|article|header|footer)$/i;

/** A tag: `<` then a letter (so "a < b" is text), attributes possibly quoting `>`. */
const HTML_TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;

/** `&#x2014;`, `&#8212;` or a named entity. */
const HTML_ENTITY = /&(?:#(x[0-9a-fA-F]{1,6}|\d{1,7})|([a-zA-Z]+));/g;

/** The common named entities (`&nbsp;` becomes a plain space). No prototype: `&constructor;` is no entity. */
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  __proto__: null,
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
} as unknown as Record<string, string>;

function decodeEntity(entity: string, number: string | undefined, name: string | undefined): string {
  if (number === undefined) return NAMED_ENTITIES[name!.toLowerCase()] ?? entity;
  // "0x2014" and "08212" both read as numbers.
  const point = +`0${number}`;
  return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : entity;
}

/** `[text](url)` and `![alt](url)`, with an optional `"title"` after the URL. */
const MARKDOWN_LINK = /!?\[([^\]]*)\]\(\s*[^\s)]*(?:\s+"[^"]*")?\s*\)/g;
