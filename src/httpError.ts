/**
 * Non-2xx HTTP answers of a Gradio server or the Hugging Face edge, turned into typed
 * `GradioError`s with a short message that says what failed; also the 2xx answers that are not
 * what was asked for (an HTML page instead of JSON or an event stream, a config gradio-rx cannot
 * use). Pure functions: the transport reads the response and hands its parts over as an
 * `HttpFailure`. Loaded with the first failure (src/lazy.ts): a job that goes well needs none.
 *
 * Section numbers refer to the protocol spec (spec/gradio-protocol.md §4, §6.1, §10.2, §14).
 */
import { GradioError } from './errors.js';
import type { GradioErrorOptions, GradioErrorType } from './errors.js';
import { cleanErrorMessage } from './quota.js';
import { urlWithoutQuery } from './urlWithoutQuery.js';

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

/** The `type` of every status that alone decides it (`503` may still be `queue-full`). */
const TYPE_BY_STATUS: Readonly<Record<number, GradioErrorType>> = {
  401: 'auth',
  403: 'auth',
  413: 'upload',
  422: 'validation',
  429: 'rate-limited',
  502: 'space-unavailable',
  503: 'space-unavailable',
  504: 'space-unavailable',
};

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
export function httpErrorFromResponse({ method, url, status, statusText, contentType, body, retryAfter, endpoint }: HttpFailure): GradioError {
  const description = describeErrorBody(body, contentType) || (statusText ?? '').trim();
  // A proxy page titled "502 Bad Gateway" would otherwise read "502 502 Bad Gateway".
  const statusPart = description.startsWith(String(status)) ? description : `${status} ${description}`.trim();
  const path = urlWithoutQuery(url);
  const detail = (parseJson(body.trim()) as { detail?: unknown } | undefined)?.detail;
  const type =
    status === 503 && typeof detail === 'string' && /^queue is full/i.test(detail)
      ? 'queue-full'
      : (TYPE_BY_STATUS[status] ??
        (status >= 500 && isHtml(body, contentType)
          ? 'space-unavailable'
          : // "Invalid content type.", "Missing boundary in multipart.": the upload itself was rejected (§11.1).
            status === 400 && /\/upload\/?$/.test(path)
            ? 'upload'
            : 'http'));
  // The error constructor leaves out what is undefined (`endpoint`, `retryAfterMs`).
  return new GradioError({
    type,
    message: redactSecrets(`${method.toUpperCase()} ${path}: ${statusPart}`),
    status,
    endpoint,
    retryAfterMs: parseRetryAfter(retryAfter),
  } as GradioErrorOptions);
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
  const json = parseJson(text);
  const description = isHtml(text, contentType)
    ? cleanErrorMessage(/<title[^>]*>([\s\S]*?)<\/title\s*>/i.exec(text)?.[1] ?? '') || 'HTML error page'
    : json !== undefined
      ? (describeJson(json) ?? collapse(text))
      : // A traceback: its last line is the exception (the text is trimmed, so that line is not blank).
        collapse(/^Traceback \(most recent call last\):/m.test(text) ? /[^\r\n]*$/.exec(text)![0] : text);
  const redacted = redactSecrets(description);
  return redacted.length > MAX_DESCRIPTION ? `${redacted.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…` : redacted;
}

function describeJson(value: unknown): string | undefined {
  if (typeof value === 'string') return collapse(value);
  if (Array.isArray(value)) return describeErrorList(value);
  if (!isRecord(value)) return undefined;
  for (const key of ['detail', 'error', 'message', 'msg']) {
    const described = describeJson(value[key]);
    if (described === undefined) continue;
    // {"detail":{"error":"Not authenticated","auth_message":"…"}}: the app's login hint helps.
    const hint = value.auth_message;
    return typeof hint === 'string' && hint.trim() !== '' ? `${described} (${collapse(hint)})` : described;
  }
  return undefined;
}

/**
 * FastAPI/pydantic errors and Gradio validator results, as `where: why; where: why`. `where`
 * names what was rejected: a validator's parameter, a pydantic `loc`, or the input position
 * (Gradio's validator answers one entry per input, in order).
 */
function describeErrorList(items: unknown[]): string | undefined {
  const parts = items.flatMap((item, index) => {
    if (typeof item === 'string') return [collapse(item)];
    if (!isRecord(item) || item.is_valid === true) return [];
    const { parameter_name: name, loc } = item;
    const where =
      typeof name === 'string' && name !== ''
        ? `parameter "${name}"`
        : Array.isArray(loc) && loc.length > 0
          ? loc.join('.')
          : `input ${index + 1}`;
    const why = [item.message, item.msg].find((text) => typeof text === 'string' && text.trim() !== '') as string | undefined;
    return [`${where}: ${collapse(why ?? 'invalid')}`];
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** A JSON object, list or string (the only bodies worth parsing), or `undefined`. */
function parseJson(text: string): unknown {
  if (!/^[[{"]/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** By header, or by look: proxies do not always label their pages. */
function isHtml(body: string, contentType: string | null | undefined): boolean {
  return (
    (!!contentType && /\bx?html\b/i.test(contentType)) ||
    /^\s*(?:\uFEFF)?(?:<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(body)
  );
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Hugging Face tokens, bearer credentials and JWTs (Space `__sign` tokens). */
function redactSecrets(text: string): string {
  return text
    .replace(/\bBearer\s+[^\s"',;]+/gi, 'Bearer [redacted]')
    .replace(/hf_[A-Za-z0-9]+/g, 'hf_[redacted]')
    .replace(/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '[redacted JWT]');
}

/**
 * The three HTTP-date forms of RFC 9110 §5.6.7, sharing the time of day:
 * - IMF-fixdate `Sun, 06 Nov 1994 08:49:37 GMT`: day, month, year in groups 1–3;
 * - obsolete RFC 850 `Sunday, 06-Nov-94 08:49:37 GMT`: day, month, two-digit year in 4–6;
 * - ANSI C asctime `Sun Nov  6 08:49:37 1994` (GMT by definition): month, day in 7–8 and the
 *   year in 12, after the time (9–11). Only asctime ends with a year: `parseRetryAfter` checks.
 */
const HTTP_DATE =
  /^(?:[a-z]{3},\s+(\d{1,2})\s+([a-z]{3})\s+(\d{4})|[a-z]+,\s+(\d{1,2})-([a-z]{3})-(\d{2})|[a-z]{3}\s+([a-z]{3})\s+(\d{1,2}))\s+(\d{2}):(\d{2}):(\d{2})\s+(?:gmt|utc|(\d{4}))$/i;

const MONTHS = 'janfebmaraprmayjunjulaugsepoctnovdec';

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
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(+text * 1000);
  const date = HTTP_DATE.exec(text);
  // An asctime date must end with its year, the others with their zone.
  if (!date || (date[7] === undefined) !== (date[12] === undefined)) return undefined;
  const [, imfDay, imfMonth, imfYear, rfcDay, rfcMonth, rfcYear, ascMonth, ascDay, hours, minutes, seconds, ascYear] = date;
  const day = +(imfDay ?? rfcDay ?? ascDay)!;
  // Index in MONTHS, a multiple of 3 for a real month name.
  const monthAt = MONTHS.indexOf((imfMonth ?? rfcMonth ?? ascMonth)!.toLowerCase());
  let year = +(imfYear ?? ascYear)!;
  if (rfcYear !== undefined) {
    // RFC 9110: a two-digit year that looks more than 50 years ahead is in the past century.
    const thisYear = new Date(now).getUTCFullYear();
    year = thisYear - (thisYear % 100) + +rfcYear;
    if (year > thisYear + 50) year -= 100;
  }
  if (monthAt % 3 || +hours! > 23 || +minutes! > 59 || +seconds! > 60) return undefined;
  const time = Date.UTC(year, monthAt / 3, day, +hours!, +minutes!, Math.min(+seconds!, 59));
  // An impossible date (31 Feb) rolls over into another day: refuse it.
  const check = new Date(time);
  return check.getUTCFullYear() === year && check.getUTCMonth() === monthAt / 3 && check.getUTCDate() === day
    ? Math.max(0, time - now)
    : undefined;
}

/** A 2xx answer that is not what the request expects (a proxy's HTML page, plain text). */
export function unexpectedAnswer(
  type: 'protocol' | 'space-unavailable',
  method: string,
  url: string,
  expected: string,
  response: Response,
  text: string,
  endpoint: string | undefined,
  cause?: unknown,
): GradioError {
  const contentType = response.headers.get('content-type') ?? 'no content type';
  const snippet = text.trim().slice(0, 80);
  const got = contentType.includes('text/html')
    ? `an HTML page (${response.status}, ${contentType})`
    : `${response.status} ${contentType}${snippet ? `: ${snippet}` : ''}`;
  return new GradioError({ type, message: `${method} ${urlWithoutQuery(url)}: expected ${expected}, got ${got}`, status: response.status, endpoint, cause });
}

/**
 * Why a `/config` answer cannot be used: it is not a Gradio config (or a malformed one), or its
 * Gradio is older than 4.9.
 */
export function refusedConfig(config: { dependencies?: unknown; protocol?: unknown } | null): GradioError {
  const message =
    typeof config !== 'object' || config === null || !Array.isArray(config.dependencies)
      ? 'GET /config: the answer is not a Gradio config (no dependencies list)'
      : config.protocol === 'sse'
        ? 'This app runs Gradio 4.0–4.8 (protocol "sse"), which gradio-rx does not support; Gradio ≥ 4.9 works'
        : config.protocol === undefined || config.protocol === 'ws'
          ? 'This app runs Gradio 3 or older (websocket queue), which gradio-rx does not support'
          : 'GET /config: the answer is not a Gradio config (its protocol, api_prefix, dependencies or components are malformed)';
  return new GradioError({ type: 'protocol', message, endpoint: 'config' });
}
