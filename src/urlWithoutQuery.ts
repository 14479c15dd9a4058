/**
 * The URL without query string, fragment or `user:password@`: those may carry credentials
 * (a `__sign` JWT, the session hash). Every URL put into an error message goes through it.
 */
export function urlWithoutQuery(url: string): string {
  return url.replace(/[?#][\s\S]*$/, '').replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
