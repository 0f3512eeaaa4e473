/**
 * User information in a URL (`https://user:password@host/`) is a credential in a field that is
 * stored and shown in plain text (a URL is not a secret field: every viewer of the connection and
 * Pulumi state would see it). It is refused wherever a URL or a host is stored; the credential
 * belongs in a secret field (an HTTP connection's `tokens`, referenced from its headers).
 *
 * Judged as the WHATWG URL parser (Node's, every browser's, undici's) reads it, and also by the
 * text itself, so every spelling counts: `user@`, `user:@`, `:password@`, a bare `@`,
 * percent-encoded parts, any letter case of the scheme, IPv6 hosts, and backslashes (which the
 * parser takes as slashes in http(s) URLs). Messages never quote the value.
 */

/** Where the authority (`user:pw@host:port`) of `value` starts and ends, as the parser finds it. */
function authority(value: string): string {
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(value);
  let rest = scheme ? value.slice(scheme[0].length) : value;
  // Any run of slashes and backslashes: the parser skips them all before an http(s) authority.
  rest = rest.replace(/^[/\\]+/, "");
  const end = rest.search(/[/\\?#]/);
  return end < 0 ? rest : rest.slice(0, end);
}

/** True when `value`, read as a URL or as a bare host, carries user information. */
export function hasUserInfo(value: string): boolean {
  if (authority(value).includes("@")) return true;
  for (const candidate of [value, `https://${value}`]) {
    try {
      const url = new URL(candidate);
      if (url.username !== "" || url.password !== "") return true;
    } catch {
      // not a URL this way: the text check above stands
    }
  }
  return false;
}

/** The rule's message (never quoting the value, which may hold a password). */
export const USER_INFO_RULE =
  "must not contain a user name or password (the `user:password@` part before the host): it would be stored and shown in plain text; " +
  "put credentials in secret fields instead (for HTTP, a token in `tokens` referenced from a header, e.g. `Authorization: Bearer {{ token }}`)";
