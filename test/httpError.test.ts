/**
 * HTTP failures to typed errors. Bodies are copied from the transcripts named on each test
 * (spec/transcripts/queue-join-errors.txt, upload-too-large.txt, hf-api-host-and-runtime.txt)
 * and from the spec's error catalogue (spec/gradio-protocol.md §4, §6.1, §10.2, §14 items 21-24).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GradioError, isGradioError } from '../src/errors.js';
import type { GradioErrorType } from '../src/errors.js';
import { describeErrorBody, httpErrorFromResponse, parseRetryAfter } from '../src/httpError.js';
import type { HttpFailure } from '../src/httpError.js';

/** `it.each` rows named by their description column (`%s` shows it whole; `$description` cuts it at 40 characters). */
const named = <T extends { description: string }>(cases: readonly T[]): [string, T][] =>
  cases.map((testCase) => [testCase.description, testCase]);

const JOIN_URL = 'https://owner-demo.hf.space/gradio_api/queue/join?';
const UPLOAD_URL = 'https://owner-demo.hf.space/gradio_api/upload';
const JSON_TYPE = 'application/json';

const PROXY_502_PAGE = `<!DOCTYPE html>
<html>
<head><title>502 Bad Gateway</title></head>
<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>
</html>`;

const TRACEBACK = `Traceback (most recent call last):
  File "/usr/local/lib/python3.10/site-packages/gradio/queueing.py", line 120, in push
    fn = self.blocks.fns[body.fn_index]
KeyError: 99

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/usr/local/lib/python3.10/site-packages/gradio/routes.py", line 901, in queue_join
    raise FnIndexInferError(f"Could not infer fn_index {body.fn_index}")
gradio.exceptions.FnIndexInferError: Could not infer fn_index 99
`;

function failure(overrides: Partial<HttpFailure> & Pick<HttpFailure, 'status' | 'body'>): HttpFailure {
  return { method: 'POST', url: JOIN_URL, contentType: JSON_TYPE, ...overrides };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('httpErrorFromResponse', () => {
  describe('maps each answer of queue-join-errors.txt', () => {
    const cases: { description: string; status: number; body: string; type: GradioErrorType; message: string }[] = [
      {
        description: '503 "Queue is full" is queue-full',
        status: 503,
        body: '{"detail":"Queue is full. Max size is 10 and size is 10."}',
        type: 'queue-full',
        message: 'POST https://owner-demo.hf.space/gradio_api/queue/join: 503 Queue is full. Max size is 10 and size is 10.',
      },
      {
        description: '400 "Session hash not found." is a plain http error',
        status: 400,
        body: '{"detail":"Session hash not found."}',
        type: 'http',
        message: 'POST https://owner-demo.hf.space/gradio_api/queue/join: 400 Session hash not found.',
      },
      {
        description: '400 "No function index provided." is a plain http error',
        status: 400,
        body: '{"detail":"No function index provided."}',
        type: 'http',
        message: 'POST https://owner-demo.hf.space/gradio_api/queue/join: 400 No function index provided.',
      },
      {
        description: '401 with a detail object is auth, described by its error text',
        status: 401,
        body: '{"detail":{"error":"Not authenticated","auth_message":null}}',
        type: 'auth',
        message: 'POST https://owner-demo.hf.space/gradio_api/queue/join: 401 Not authenticated',
      },
      {
        description: '422 from FastAPI is validation, naming the missing field',
        status: 422,
        body: '{"detail":[{"type":"missing","loc":["body","data"],"msg":"Field required","input":{"fn_index":0,"session_hash":"k3v9qz1x7mw"}}]}',
        type: 'validation',
        message: 'POST https://owner-demo.hf.space/gradio_api/queue/join: 422 body.data: Field required',
      },
      {
        description: '422 from a Gradio validator is validation, naming the parameter and why',
        status: 422,
        body: '{"detail":[{"__type__":"validate","is_valid":false,"message":"Prompt must not be empty","parameter_name":"prompt"},{"is_valid":true,"message":""}]}',
        type: 'validation',
        message: 'POST https://owner-demo.hf.space/gradio_api/queue/join: 422 parameter "prompt": Prompt must not be empty',
      },
      {
        description: '503 "Queue is stopped." is space-unavailable',
        status: 503,
        body: '{"detail":"Queue is stopped."}',
        type: 'space-unavailable',
        message: 'POST https://owner-demo.hf.space/gradio_api/queue/join: 503 Queue is stopped.',
      },
    ];
    it.each(named(cases))('%s', (_name, { status, body, type, message }) => {
      const error = httpErrorFromResponse(failure({ status, body }));
      expect(error).toBeInstanceOf(GradioError);
      expect(isGradioError(error)).toBe(true);
      expect(error.type).toBe(type);
      expect(error.status).toBe(status);
      expect(error.message).toBe(message);
    });
  });

  it('marks queue-full as retryable and validation as not', () => {
    const full = httpErrorFromResponse(failure({ status: 503, body: '{"detail":"Queue is full. Max size is 1 and size is 1."}' }));
    const invalid = httpErrorFromResponse(failure({ status: 422, body: '{"detail":[]}' }));
    expect(full.isRetryable).toBe(true);
    expect(invalid.isRetryable).toBe(false);
  });

  it('treats "Queue is full" as queue-full only on a 503', () => {
    const error = httpErrorFromResponse(failure({ status: 500, body: '{"detail":"Queue is full. Max size is 10 and size is 10."}' }));
    expect(error.type).toBe('http');
  });

  it('maps the 413 text/plain of upload-too-large.txt to upload', () => {
    const error = httpErrorFromResponse({
      method: 'POST',
      url: UPLOAD_URL,
      status: 413,
      statusText: 'Request Entity Too Large',
      contentType: 'text/plain; charset=utf-8',
      body: 'File size exceeded maximum allowed size of 10485760 bytes.',
    });
    expect(error.type).toBe('upload');
    expect(error.message).toBe(
      'POST https://owner-demo.hf.space/gradio_api/upload: 413 File size exceeded maximum allowed size of 10485760 bytes.',
    );
  });

  it('maps the 400 "Invalid content type." of an upload (upload-too-large.txt) to upload', () => {
    const error = httpErrorFromResponse(
      failure({ url: `${UPLOAD_URL}?upload_id=abc123`, status: 400, body: '{"detail":"Invalid content type."}' }),
    );
    expect(error.type).toBe('upload');
    expect(error.message).toBe('POST https://owner-demo.hf.space/gradio_api/upload: 400 Invalid content type.');
  });

  it('maps the HF API 401 for a private Space (hf-api-host-and-runtime.txt) to auth with its "error" text', () => {
    const error = httpErrorFromResponse({
      method: 'GET',
      url: 'https://huggingface.co/api/spaces/owner/private-demo/host',
      status: 401,
      contentType: JSON_TYPE,
      body: '{"error":"Invalid username or password."}',
    });
    expect(error.type).toBe('auth');
    expect(error.message).toBe('GET https://huggingface.co/api/spaces/owner/private-demo/host: 401 Invalid username or password.');
  });

  it('maps 403 "File not allowed" to auth', () => {
    const error = httpErrorFromResponse(
      failure({ method: 'GET', url: 'https://owner-demo.hf.space/gradio_api/file=/etc/passwd', status: 403, body: '{"detail":"File not allowed: /etc/passwd."}' }),
    );
    expect(error.type).toBe('auth');
    expect(error.message).toContain('403 File not allowed: /etc/passwd.');
  });

  it('maps 404 to an http error with status 404', () => {
    const error = httpErrorFromResponse(
      failure({ method: 'GET', url: 'https://owner-demo.hf.space/gradio_api/info', status: 404, statusText: 'Not Found', body: '{"detail":"Not Found"}' }),
    );
    expect(error.type).toBe('http');
    expect(error.status).toBe(404);
    expect(error.message).toBe('GET https://owner-demo.hf.space/gradio_api/info: 404 Not Found');
  });

  it('uses the status text when the body is empty', () => {
    const error = httpErrorFromResponse(failure({ status: 504, statusText: 'Gateway Timeout', contentType: null, body: '' }));
    expect(error.type).toBe('space-unavailable');
    expect(error.message).toBe('POST https://owner-demo.hf.space/gradio_api/queue/join: 504 Gateway Timeout');
  });

  it('ends the message at the status when neither body nor status text says anything', () => {
    const error = httpErrorFromResponse(failure({ status: 418, contentType: null, body: '   ' }));
    expect(error.type).toBe('http');
    expect(error.message).toBe('POST https://owner-demo.hf.space/gradio_api/queue/join: 418');
  });

  it('describes a 500 traceback by its last line, as an http error', () => {
    const error = httpErrorFromResponse(failure({ status: 500, contentType: 'text/plain; charset=utf-8', body: TRACEBACK }));
    expect(error.type).toBe('http');
    expect(error.message).toBe(
      'POST https://owner-demo.hf.space/gradio_api/queue/join: 500 gradio.exceptions.FnIndexInferError: Could not infer fn_index 99',
    );
    expect(error.message).not.toContain('Traceback');
  });

  it('maps a proxy 502 HTML page to space-unavailable, described by its title, without repeating the status', () => {
    const error = httpErrorFromResponse(
      failure({ method: 'GET', url: 'https://owner-demo.hf.space/config', status: 502, contentType: 'text/html', body: PROXY_502_PAGE }),
    );
    expect(error.type).toBe('space-unavailable');
    expect(error.message).toBe('GET https://owner-demo.hf.space/config: 502 Bad Gateway');
    expect(error.message).not.toMatch(/[<>]/);
  });

  it('maps any 5xx HTML page to space-unavailable', () => {
    const error = httpErrorFromResponse(
      failure({ status: 500, contentType: 'text/html; charset=utf-8', body: '<html><body><h1>Oops</h1></body></html>' }),
    );
    expect(error.type).toBe('space-unavailable');
    expect(error.message).toBe('POST https://owner-demo.hf.space/gradio_api/queue/join: 500 HTML error page');
  });

  it('recognises an HTML page whose content type is missing', () => {
    const error = httpErrorFromResponse(failure({ status: 500, contentType: null, body: PROXY_502_PAGE }));
    expect(error.type).toBe('space-unavailable');
    expect(error.message).not.toContain('<');
  });

  it('keeps a 4xx HTML page an http error, described without markup', () => {
    const error = httpErrorFromResponse(
      failure({ method: 'GET', status: 404, contentType: 'text/html', body: '<!doctype html><html><head><title>404 &ndash; Hugging Face</title></head></html>' }),
    );
    expect(error.type).toBe('http');
    expect(error.message).toBe('GET https://owner-demo.hf.space/gradio_api/queue/join: 404 – Hugging Face');
  });

  it('maps 429 to rate-limited with retryAfterMs from delta-seconds', () => {
    const error = httpErrorFromResponse(
      failure({ status: 429, statusText: 'Too Many Requests', contentType: 'text/plain', body: '', retryAfter: '30' }),
    );
    expect(error.type).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(30_000);
    expect(error.message).toBe('POST https://owner-demo.hf.space/gradio_api/queue/join: 429 Too Many Requests');
  });

  it('maps 429 with an HTTP-date Retry-After to the time left until then', () => {
    vi.useFakeTimers();
    vi.setSystemTime(Date.UTC(2026, 10, 23, 9, 0, 0));
    const error = httpErrorFromResponse(failure({ status: 429, body: '', retryAfter: 'Mon, 23 Nov 2026 09:02:00 GMT' }));
    expect(error.type).toBe('rate-limited');
    expect(error.retryAfterMs).toBe(120_000);
  });

  it('leaves retryAfterMs unset for a 429 without a usable Retry-After', () => {
    expect(httpErrorFromResponse(failure({ status: 429, body: '' })).retryAfterMs).toBeUndefined();
    expect(httpErrorFromResponse(failure({ status: 429, body: '', retryAfter: 'soon' })).retryAfterMs).toBeUndefined();
  });

  it('keeps the Retry-After of a 503 on the error', () => {
    const error = httpErrorFromResponse(failure({ status: 503, contentType: 'text/html', body: PROXY_502_PAGE, retryAfter: '5' }));
    expect(error.type).toBe('space-unavailable');
    expect(error.retryAfterMs).toBe(5_000);
  });

  it('sets the endpoint on the error', () => {
    const error = httpErrorFromResponse(failure({ status: 400, body: '{"detail":"x"}', endpoint: '/chat' }));
    expect(error.endpoint).toBe('/chat');
  });

  it('upper-cases the method', () => {
    const error = httpErrorFromResponse(failure({ method: 'get', status: 400, body: '{"detail":"x"}' }));
    expect(error.message.startsWith('GET ')).toBe(true);
  });

  describe('keeps credentials out of the message', () => {
    it('drops the query string, which may carry a __sign JWT', () => {
      const error = httpErrorFromResponse(
        failure({
          method: 'GET',
          url: 'https://owner-demo.hf.space/gradio_api/queue/data?session_hash=k3v9qz1x7mw&__sign=eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJvd25lci9kZW1vIn0.c2lnbmF0dXJl',
          status: 404,
          body: '{"detail":"Not Found"}',
        }),
      );
      expect(error.message).toBe('GET https://owner-demo.hf.space/gradio_api/queue/data: 404 Not Found');
    });

    it('drops the fragment and any user:password in the URL', () => {
      const error = httpErrorFromResponse(
        failure({ url: 'https://admin:pass1234@owner-demo.hf.space/gradio_api/queue/join#frag', status: 400, body: '{"detail":"x"}' }),
      );
      expect(error.message).toBe('POST https://owner-demo.hf.space/gradio_api/queue/join: 400 x');
    });

    it('redacts an hf_ token echoed in the body', () => {
      const error = httpErrorFromResponse(
        failure({ status: 401, body: '{"detail":"Invalid token hf_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"}' }),
      );
      expect(error.message).not.toContain('hf_AbCdEf');
      expect(error.message).toContain('Invalid token hf_[redacted]');
    });

    it('redacts a Bearer credential echoed in a traceback', () => {
      const error = httpErrorFromResponse(
        failure({ status: 500, contentType: 'text/plain', body: 'Traceback (most recent call last):\nValueError: bad header Authorization: Bearer abc.def-123' }),
      );
      expect(error.message).toBe('POST https://owner-demo.hf.space/gradio_api/queue/join: 500 ValueError: bad header Authorization: Bearer [redacted]');
    });

    it('redacts an hf_ token that appears in the URL path', () => {
      const error = httpErrorFromResponse(
        failure({ method: 'GET', url: 'https://owner-demo.hf.space/token/hf_secret123/x', status: 404, body: '' }),
      );
      expect(error.message).not.toContain('hf_secret123');
    });
  });
});

describe('describeErrorBody', () => {
  it('returns a detail string', () => {
    expect(describeErrorBody('{"detail":"Session hash not found."}', JSON_TYPE)).toBe('Session hash not found.');
  });

  it('returns the error of a detail object and adds the app login message', () => {
    expect(describeErrorBody('{"detail":{"error":"Not authenticated","auth_message":"Ask the owner for a password"}}', JSON_TYPE)).toBe(
      'Not authenticated (Ask the owner for a password)',
    );
  });

  it('returns the text of an {"error": …} body, as /run answers (spec §10.2)', () => {
    expect(describeErrorBody('{"error":"Cannot divide by zero!"}', JSON_TYPE)).toBe('Cannot divide by zero!');
  });

  it('names validator errors by input position when the parameter has no name', () => {
    expect(
      describeErrorBody('{"detail":[{"is_valid":true,"message":""},{"__type__":"validate","is_valid":false,"message":"Too big"}]}', JSON_TYPE),
    ).toBe('input 2: Too big');
  });

  it('joins several rejected inputs', () => {
    expect(
      describeErrorBody(
        '{"detail":[{"__type__":"validate","is_valid":false,"message":"Required","parameter_name":"prompt"},{"__type__":"validate","is_valid":false,"message":"Must be below 100","parameter_name":"steps"}]}',
        JSON_TYPE,
      ),
    ).toBe('parameter "prompt": Required; parameter "steps": Must be below 100');
  });

  it('returns a JSON string body', () => {
    expect(describeErrorBody('"Server stopped unexpectedly."', JSON_TYPE)).toBe('Server stopped unexpectedly.');
  });

  it('shows unrecognised JSON compactly on one line', () => {
    expect(describeErrorBody('{\n  "status": "down",\n  "code": 7\n}', JSON_TYPE)).toBe('{ "status": "down", "code": 7 }');
  });

  it('reads JSON even when the content type does not say so', () => {
    expect(describeErrorBody('{"detail":"Queue is stopped."}', 'text/plain')).toBe('Queue is stopped.');
  });

  it('returns plain text on one line', () => {
    expect(describeErrorBody('Missing boundary\nin multipart.', 'text/plain')).toBe('Missing boundary in multipart.');
  });

  it('returns only the last non-empty line of a traceback', () => {
    expect(describeErrorBody(TRACEBACK, 'text/plain')).toBe('gradio.exceptions.FnIndexInferError: Could not infer fn_index 99');
  });

  it('returns the decoded title of an HTML page', () => {
    expect(describeErrorBody('<html><head><title>Space &amp; friends\n is sleeping</title></head></html>', 'text/html')).toBe(
      'Space & friends is sleeping',
    );
  });

  it('says "HTML error page" for an HTML page without a title, never the markup', () => {
    expect(describeErrorBody('<!DOCTYPE html><html><body><script>var token="x"</script></body></html>', 'text/html')).toBe(
      'HTML error page',
    );
  });

  it('returns an empty string for an empty body', () => {
    expect(describeErrorBody('', JSON_TYPE)).toBe('');
    expect(describeErrorBody(' \n ', null)).toBe('');
  });

  it('bounds a long description to about 300 characters', () => {
    const description = describeErrorBody(JSON.stringify({ detail: 'x'.repeat(5_000) }), JSON_TYPE);
    expect(description.length).toBeLessThanOrEqual(300);
    expect(description.endsWith('…')).toBe(true);
  });

  it('redacts tokens, bearer credentials and JWTs', () => {
    const described = describeErrorBody(
      '{"detail":"hf_abcDEF123 and Bearer sk-live-1 and eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln"}',
      JSON_TYPE,
    );
    expect(described).toBe('hf_[redacted] and Bearer [redacted] and [redacted JWT]');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.UTC(2015, 9, 21, 7, 28, 0);

  it.each(named([
    { description: 'whole delta-seconds', value: '120', ms: 120_000 },
    { description: 'zero delta-seconds', value: '0', ms: 0 },
    { description: 'delta-seconds with surrounding spaces', value: ' 7 ', ms: 7_000 },
    { description: 'fractional delta-seconds', value: '1.5', ms: 1_500 },
    { description: 'an IMF-fixdate', value: 'Wed, 21 Oct 2015 07:28:30 GMT', ms: 30_000 },
    { description: 'an obsolete RFC 850 date', value: 'Wednesday, 21-Oct-15 07:29:00 GMT', ms: 60_000 },
    { description: 'an ANSI C asctime date, which is GMT', value: 'Wed Oct 21 08:28:00 2015', ms: 3_600_000 },
    { description: 'a date in the past, as zero', value: 'Tue, 20 Oct 2015 07:28:00 GMT', ms: 0 },
  ]))('parses %s', (_name, { value, ms }) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });

  it.each(named([
    { description: 'null', value: null },
    { description: 'undefined', value: undefined },
    { description: 'an empty header', value: '' },
    { description: 'negative seconds', value: '-5' },
    { description: 'free text', value: 'soon' },
    { description: 'a loose date that Date.parse would accept', value: 'foo 12' },
    { description: 'an impossible date', value: 'Sat, 31 Feb 2015 07:28:30 GMT' },
    { description: 'a date with an unknown month', value: 'Wed, 21 Foo 2015 07:28:30 GMT' },
  ]))('returns undefined for %s', (_name, { value }) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });

  it('measures from the current time by default', () => {
    vi.useFakeTimers();
    vi.setSystemTime(now);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT')).toBe(10_000);
  });
});
