/**
 * The ZeroGPU identity of a visitor (spec §9.3): Hugging Face adds an `X-IP-Token` header to
 * every request that reaches a Space, and ZeroGPU reads it from a job's join (or `/call` POST)
 * to count GPU time against that visitor's quota. A server running inside a Space that calls
 * a ZeroGPU Space for its visitors forwards each visitor's token with that visitor's job.
 */

/** Where the headers come from: a Node `IncomingMessage`, a web `Request`, `Headers`, or a plain object. */
export type IncomingHeaders =
  | {
      /** The request's headers: a `Headers`, or Node's object of lower-case names. */
      headers: Headers | Record<string, string | string[] | undefined>;
    }
  | Headers
  | Record<string, string | string[] | undefined>;

/** The headers that carry a visitor's ZeroGPU identity, lower case. */
const identityHeaders = ['x-ip-token'] as const;

/**
 * Picks the ZeroGPU identity headers (`x-ip-token`) out of an incoming request, for the
 * `headers` option of one job. Forward what Hugging Face gave you; never invent a value: a
 * request without the header gives `{}`, and the job then uses the Space's anonymous pool.
 *
 * @example
 * ```ts
 * // A Node server inside a Space, relaying its visitors to a ZeroGPU Space.
 * createServer((req, res) => {
 *   app.predict('/generate', [prompt], { headers: zeroGpuHeaders(req) }).subscribe(…);
 * });
 * ```
 */
export function zeroGpuHeaders(request: IncomingHeaders): Record<string, string> {
  const picked: Record<string, string> = {};
  const source = headersOf(request);
  for (const name of identityHeaders) {
    const value = source(name);
    if (value !== undefined && value !== '') picked[name] = value;
  }
  return picked;
}

/** A case-insensitive header reader over any of the accepted shapes. */
function headersOf(request: IncomingHeaders): (name: string) => string | undefined {
  const headers = isHeaders(request) ? request : 'headers' in request && typeof request.headers === 'object' && request.headers !== null ? request.headers : request;
  if (isHeaders(headers)) return (name) => headers.get(name) ?? undefined;
  const plain = headers as Record<string, unknown>;
  return (name) => {
    const key = Object.keys(plain).find((candidate) => candidate.toLowerCase() === name);
    const value = key === undefined ? undefined : plain[key];
    // Node joins repeated headers into an array; the first is the one the edge set.
    const first = Array.isArray(value) ? value[0] : value;
    return typeof first === 'string' ? first.trim() : undefined;
  };
}

/**
 * A `Headers` of any fetch implementation (undici's, a polyfill's, another realm's), by shape:
 * `instanceof` only knows this realm's class.
 */
function isHeaders(value: unknown): value is Headers {
  return typeof value === 'object' && value !== null && typeof (value as { get?: unknown }).get === 'function';
}
