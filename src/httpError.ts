/**
 * Non-2xx HTTP answers of a Gradio server or the Hugging Face edge, turned into typed
 * `GradioError`s with a short message that says what failed. Pure functions: the transport
 * reads the response and hands its parts over as an `HttpFailure`.
 *
 * Section numbers refer to the protocol spec (spec/gradio-protocol.md §4, §6.1, §10.2, §14).
 */
import { GradioError } from './errors.js';
import type { GradioErrorOptions, GradioErrorType } from './errors.js';
import { cleanErrorMessage } from './quota.js';

/** A failed HTTP exchange, as the transport saw it. */
export interface HttpFailure {
  /** `GET`, `POST`, … (any case). */
  method: string;
  /** The request URL. Its query string and fragment never reach the message (`__sign` JWTs). */
  url: string;
  status: number;
  /** The reason phrase, used when the body says nothing. */
  statusText?: string;
  /** The response's `Content-Type` header. */
  contentType?: string | null;
  /** The response body as text (`''` when it could not be read). */
  body: string;
  /** The response's `Retry-After` header. */
  retryAfter?: string | null;
  /** The api name or fn_index the request was for, copied onto the error. */
  endpoint?: string;
}

/** Longest body description put into a message. */
const MAX_DESCRIPTION = 300;

/**
 * Turns a non-2xx HTTP answer into a typed `GradioError`.
 *
 * | answer | `type` |
 * |---|---|
 * | 503 with JSON detail "Queue is full…" | `'queue-full'` |
 * | other 502/503/504, or any 5xx `text/html` page | `'space-unavailable'` |
 * | 429 | `'rate-limited'` (with `retryAfterMs` from `Retry-After`) |
 * | 401, 403 | `'auth'` |
 * | 422 | `'validation'` (the rejected parameters in the message) |
 * | 413, or 400 from an `/upload` URL | `'upload'` |
 * | anything else (404, 400, 500 tracebacks, …) | `'http'` |
 *
 * The message is `METHOD url: status description`, with the URL stripped of its query string
 * and fragment and any token-like text redacted. `status`, `endpoint` and `retryAfterMs` (when
 * a `Retry-After` header parses, on any status) are set on the error.
 *
 * @example
 * ```ts
 * httpErrorFromResponse({
 *   method: 'POST', url: 'http://host/gradio_api/queue/join?', status: 503,
 *   contentType: 'application/json', body: '{"detail":"Queue is full. Max size is 10 and size is 10."}',
 * });
 * // GradioError { type: 'queue-full', status: 503,
 * //   message: 'POST http://host/gradio_api/queue/join: 503 Queue is full. Max size is 10 and size is 10.' }
 * ```
 */
export function httpErrorFromResponse(failure: HttpFailure): GradioError {
  const { status } = failure;
  const description = describeErrorBody(failure.body, failure.contentType) || (failure.statusText ?? '').trim();
  // A proxy page titled "502 Bad Gateway" would otherwise read "502 502 Bad Gateway".
  const statusPart = description.startsWith(String(status)) ? description : `${status} ${description}`.trim();
  const options: GradioErrorOptions = {
    type: classify(failure),
    message: redactSecrets(`${failure.method.toUpperCase()} ${urlWithoutQuery(failure.url)}: ${statusPart}`),
    status,
  };
  if (failure.endpoint !== undefined) options.endpoint = failure.endpoint;
  const retryAfterMs = parseRetryAfter(failure.retryAfter);
  if (retryAfterMs !== undefined) options.retryAfterMs = retryAfterMs;
  return new GradioError(options);
}

function classify(failure: HttpFailure): GradioErrorType {
  const { status } = failure;
  if (status === 503 && /^queue is full/i.test(jsonDetail(failure.body) ?? '')) return 'queue-full';
  if (status === 502 || status === 503 || status === 504) return 'space-unavailable';
  if (status >= 500 && isHtml(failure.body, failure.contentType)) return 'space-unavailable';
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 422) return 'validation';
  if (status === 413) return 'upload';
  // "Invalid content type.", "Missing boundary in multipart.": the upload itself was rejected (§11.1).
  if (status === 400 && /\/upload\/?$/.test(urlWithoutQuery(failure.url))) return 'upload';
  return 'http';
}

/**
 * A short, single-line, human description of a Gradio error body, at most ~300 characters,
 * with token-like text (`hf_…`, `Bearer …`, JWTs) redacted.
 *
 * - JSON: `{"detail": "…"}`, `{"detail": {"error": …}}`, `{"detail": [ … ]}` (FastAPI/pydantic
 *   errors as `body.data: Field required`, Gradio validator errors as
 *   `parameter "prompt": Prompt must not be empty`), `{"error": …}`, `{"message": …}`.
 * - Plain text: a Python traceback gives its last non-empty line (the exception); other text
 *   is collapsed onto one line.
 * - HTML: never shown raw; the page's `<title>`, else `HTML error page`.
 *
 * @returns `''` for an empty body.
 *
 * @example
 * ```ts
 * describeErrorBody('{"detail":"Session hash not found."}', 'application/json'); // 'Session hash not found.'
 * describeErrorBody('<html><title>502 Bad Gateway</title>…', 'text/html'); // '502 Bad Gateway'
 * ```
 */
export function describeErrorBody(body: string, contentType?: string | null): string {
  const text = body.replace(/^\uFEFF/, '').trim();
  if (text === '') return '';
  return bound(redactSecrets(describeText(text, contentType)));
}

function describeText(text: string, contentType: string | null | undefined): string {
  if (isHtml(text, contentType)) return htmlTitle(text) ?? 'HTML error page';
  const json = parseJson(text);
  if (json !== undefined) return describeJson(json.value) ?? collapse(text);
  if (/^Traceback \(most recent call last\):/m.test(text)) return lastNonEmptyLine(text);
  return collapse(text);
}

function describeJson(value: unknown): string | undefined {
  if (typeof value === 'string') return collapse(value);
  if (Array.isArray(value)) return describeErrorList(value);
  if (!isRecord(value)) return undefined;
  for (const key of ['detail', 'error', 'message', 'msg']) {
    if (value[key] === undefined || value[key] === null) continue;
    const described = describeJson(value[key]);
    if (described === undefined) continue;
    // {"detail":{"error":"Not authenticated","auth_message":"…"}}: the app's login hint helps.
    return typeof value.auth_message === 'string' && value.auth_message.trim() !== ''
      ? `${described} (${collapse(value.auth_message)})`
      : described;
  }
  return undefined;
}

/** FastAPI/pydantic errors and Gradio validator results, as `where: why; where: why`. */
function describeErrorList(items: unknown[]): string | undefined {
  const parts: string[] = [];
  items.forEach((item, index) => {
    if (typeof item === 'string') {
      parts.push(collapse(item));
      return;
    }
    if (!isRecord(item) || item.is_valid === true) return;
    const why = firstString(item.message, item.msg) ?? 'invalid';
    parts.push(`${whereOf(item, index)}: ${collapse(why)}`);
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** Names what was rejected: a validator's parameter, a pydantic `loc`, or the input position. */
function whereOf(item: Record<string, unknown>, index: number): string {
  if (typeof item.parameter_name === 'string' && item.parameter_name !== '') {
    return `parameter "${item.parameter_name}"`;
  }
  if (Array.isArray(item.loc) && item.loc.length > 0) return item.loc.join('.');
  // Gradio's validator answers one entry per input, in order.
  return `input ${index + 1}`;
}

function firstString(...values: unknown[]): string | undefined {
  return values.find((value): value is string => typeof value === 'string' && value.trim() !== '');
}

/** The JSON `detail` string of a body, if it has one. */
function jsonDetail(body: string): string | undefined {
  const json = parseJson(body.trim());
  return json && isRecord(json.value) && typeof json.value.detail === 'string' ? json.value.detail : undefined;
}

function parseJson(text: string): { value: unknown } | undefined {
  if (!/^[[{"]/.test(text)) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** By header, or by look: proxies do not always label their pages. */
function isHtml(body: string, contentType: string | null | undefined): boolean {
  if (contentType && /\bx?html\b/i.test(contentType)) return true;
  return /^\s*(?:\uFEFF)?(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(body);
}

function htmlTitle(html: string): string | undefined {
  const title = /<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html)?.[1];
  const text = title === undefined ? '' : cleanErrorMessage(title);
  return text === '' ? undefined : text;
}

function lastNonEmptyLine(text: string): string {
  const lines = text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  return collapse(lines[lines.length - 1] ?? '');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function bound(text: string): string {
  if (text.length <= MAX_DESCRIPTION) return text;
  return `${text.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…`;
}

/** Hugging Face tokens, bearer credentials and JWTs (Space `__sign` tokens). */
function redactSecrets(text: string): string {
  return text
    .replace(/\bBearer\s+[^\s"',;]+/gi, 'Bearer [redacted]')
    .replace(/hf_[A-Za-z0-9]+/g, 'hf_[redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted JWT]');
}

/** The URL without query string, fragment or `user:password@`: those may carry credentials. */
function urlWithoutQuery(url: string): string {
  return url.replace(/[?#][\s\S]*$/, '').replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`. */
const IMF_FIXDATE = /^[a-z]{3},\s+(\d{1,2})\s+([a-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+(?:gmt|utc)$/i;
/** Obsolete RFC 850: `Sunday, 06-Nov-94 08:49:37 GMT`. */
const RFC_850 = /^[a-z]+,\s+(\d{1,2})-([a-z]{3})-(\d{2})\s+(\d{2}):(\d{2}):(\d{2})\s+(?:gmt|utc)$/i;
/** ANSI C asctime: `Sun Nov  6 08:49:37 1994` (GMT by definition). */
const ASCTIME = /^[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/i;

/**
 * Parses a `Retry-After` header into milliseconds from `now`.
 *
 * Accepts delta-seconds (`120`) and the three HTTP-date forms (RFC 9110 §5.6.7). A date in the
 * past gives `0`. Dates are parsed by hand rather than with `Date.parse`, whose handling of the
 * obsolete forms and of garbage differs between engines.
 *
 * @param now the current time in ms since the epoch. @default Date.now()
 * @returns milliseconds to wait, or `undefined` when the header is missing or unreadable.
 *
 * @example
 * ```ts
 * parseRetryAfter('120'); // 120_000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:30 GMT', Date.UTC(2015, 9, 21, 7, 28, 0)); // 30_000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim() ?? '';
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = parseHttpDate(text, now);
  return date === undefined ? undefined : Math.max(0, date - now);
}

function parseHttpDate(text: string, now: number): number | undefined {
  const imf = IMF_FIXDATE.exec(text);
  if (imf) return utc(imf[3], imf[2], imf[1], imf[4], imf[5], imf[6]);
  const rfc850 = RFC_850.exec(text);
  if (rfc850) return utc(fullYear(Number(rfc850[3]), now), rfc850[2], rfc850[1], rfc850[4], rfc850[5], rfc850[6]);
  const asctime = ASCTIME.exec(text);
  if (asctime) return utc(asctime[6], asctime[1], asctime[2], asctime[3], asctime[4], asctime[5]);
  return undefined;
}

/** RFC 9110: a two-digit year that looks more than 50 years ahead is in the past century. */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  const year = Math.floor(thisYear / 100) * 100 + twoDigits;
  return year > thisYear + 50 ? year - 100 : year;
}

/** `Date.UTC` from the matched parts, or `undefined` for an impossible date (31 Feb, 25:00). */
function utc(
  year: string | number | undefined,
  monthName: string | undefined,
  day: string | undefined,
  hours: string | undefined,
  minutes: string | undefined,
  seconds: string | undefined,
): number | undefined {
  const month = MONTHS.indexOf((monthName ?? '').toLowerCase());
  const parts = [Number(year), month, Number(day), Number(hours), Number(minutes), Number(seconds)] as const;
  const [y, m, d, h, min, s] = parts;
  if (month < 0 || h > 23 || min > 59 || s > 60) return undefined;
  const time = Date.UTC(y, m, d, h, min, Math.min(s, 59));
  const check = new Date(time);
  return check.getUTCFullYear() === y && check.getUTCMonth() === m && check.getUTCDate() === d ? time : undefined;
}
