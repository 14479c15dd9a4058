/**
 * A request as the routes of the fake server see it: its body read once (JSON or multipart).
 */
import type { ParsedBody } from './validation.js';

export interface RouteRequest {
  request: Request;
  url: URL;
  /** The JSON body (non-multipart requests). */
  body: ParsedBody;
  /** The multipart form, when the request was `multipart/form-data` and parsed. */
  form: FormData | undefined;
  /** Why a multipart body could not be parsed. */
  formError: string | undefined;
  /** The public root the server reports for this request (§3.3). */
  root: string;
}
