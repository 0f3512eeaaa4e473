/**
 * Datadog sites and the base URL of a connections target. A target is either a Datadog site
 * (`https://api.<site>`) or an explicit base URL (our local backend, a proxy, a test server).
 */

/** Sites where Workflow Automation (and so the Action Connections API) is offered. */
export const DATADOG_SITES = [
  "datadoghq.com",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "uk1.datadoghq.com",
  "datadoghq.eu",
] as const;
export type DatadogSite = (typeof DATADOG_SITES)[number];

/** Government sites: Datadog exists there, Workflow Automation does not. */
export const GOVERNMENT_SITES = ["ddog-gov.com", "us2.ddog-gov.com"] as const;

export const DEFAULT_SITE: DatadogSite = "datadoghq.com";

/** Where requests go, and whether it is one of Datadog's own sites. */
export interface Target {
  baseUrl: string;
  /** The Datadog site, when the target is one (by `site` or an `apiUrl` on `api.<site>`). */
  site?: DatadogSite;
  /** true for Datadog's API: none of the local backend's extensions (group create/delete/resolve, create with a policy). */
  isDatadog: boolean;
  /**
   * Set (true) only for plain HTTP to a host that is not loopback, which the caller allowed
   * explicitly (`allowInsecureHttp`): the keys travel in clear text, so say so where it is used.
   */
  plainHttp?: true;
}

/** The domains of Datadog's sites, government ones included: HTTPS only, whatever the host under them. */
const DATADOG_DOMAINS = ["datadoghq.com", "datadoghq.eu", "ddog-gov.com"] as const;

/** How an `apiUrl` was given, for messages that name the setting to change. */
export interface ApiUrlOptions {
  /** Plain HTTP to a host that is not loopback is allowed (never to a Datadog host). */
  allowInsecureHttp?: boolean;
  /** The setting the URL came from, e.g. `apiUrl`, `connections:apiUrl`, `CONNECTIONS_API_URL`. */
  setting?: string;
  /** How to opt in to plain HTTP where the URL came from, e.g. `CONNECTIONS_ALLOW_INSECURE_HTTP=1`. */
  optIn?: string;
}

/** 127.0.0.0/8, ::1 (and its IPv4-mapped forms), `localhost`: plain HTTP there never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  if (h === "localhost" || h === "[::1]") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)) return true;
  // WHATWG URL writes ::ffff:127.0.0.1 as [::ffff:7f00:1]
  return /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(h);
}

function isDatadogHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, "");
  return DATADOG_DOMAINS.some((d) => h === d || h.endsWith(`.${d}`));
}

/** `" https://app.datadoghq.eu/ "` -> `"datadoghq.eu"`: tolerate what people paste. */
export function normalizeSite(site: string): string {
  let s = site.trim().toLowerCase();
  s = s
    .replace(/^https?:\/\//, "")
    .replace(/\/+$/, "")
    .replace(/\.$/, "");
  s = s.replace(/^(api|app)\./, "");
  return s;
}

function governmentError(site: string): Error {
  return new Error(
    `Workflow Automation is not available on the Datadog site ${site} (government); ` +
      `connections and connection groups cannot be managed there. Use one of ${DATADOG_SITES.join(", ")}, ` +
      `or point apiUrl (CONNECTIONS_API_URL) at a local connections backend.`,
  );
}

/** A site name -> its Datadog target, or a clear error (government site, unknown site). */
export function siteTarget(site: string): Target {
  const name = normalizeSite(site);
  if ((GOVERNMENT_SITES as readonly string[]).includes(name)) throw governmentError(name);
  if (!(DATADOG_SITES as readonly string[]).includes(name)) {
    throw new Error(`Unknown Datadog site ${JSON.stringify(site)}; valid sites: ${DATADOG_SITES.join(", ")}`);
  }
  return { baseUrl: `https://api.${name}`, site: name as DatadogSite, isDatadog: true };
}

/**
 * An explicit base URL -> a target. Must be absolute http(s), without credentials, query or
 * fragment; a trailing slash is dropped, a path prefix is kept (e.g. behind a proxy).
 *
 * Every request carries both keys, so plain HTTP is refused where it would send them in clear
 * text: always to a Datadog host (Datadog's API is HTTPS only: `http://api.datadoghq.com` is a
 * typo, not a choice), and to any other host that is not loopback unless `allowInsecureHttp`.
 * Every target resolves here, so the provider, the lookups, the `generate` command and the
 * preview checks refuse alike, before any request.
 */
export function apiUrlTarget(apiUrl: string, how: ApiUrlOptions = {}): Target {
  const setting = how.setting ?? "apiUrl";
  let url: URL;
  try {
    url = new URL(apiUrl.trim());
  } catch {
    throw new Error(
      `apiUrl ${JSON.stringify(apiUrl)} is not an absolute URL; expected e.g. http://127.0.0.1:8080 or https://api.datadoghq.com`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`apiUrl must use http or https, got ${JSON.stringify(url.protocol.replace(/:$/, ""))}`);
  }
  if (url.username || url.password) throw new Error("apiUrl must not contain credentials; pass apiKey/appKey instead");
  if (url.search || url.hash) throw new Error("apiUrl must not contain a query or fragment");
  const host = url.hostname.toLowerCase();
  const hostSite = host.startsWith("api.") ? host.slice(4) : undefined;
  if (hostSite && (GOVERNMENT_SITES as readonly string[]).includes(hostSite)) throw governmentError(hostSite);
  const baseUrl = `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
  let plainHttp = false;
  if (url.protocol === "http:" && isDatadogHost(host)) {
    const site = hostSite && (DATADOG_SITES as readonly string[]).includes(hostSite) ? hostSite : undefined;
    throw new Error(
      `${setting} ${baseUrl} is plain HTTP to a Datadog host: Datadog's API is HTTPS only (over HTTP the API and ` +
        `application keys would travel in clear text); use https://${url.host}${url.pathname.replace(/\/+$/, "")}` +
        (site ? `, or site ${JSON.stringify(site)} instead of ${setting}` : ""),
    );
  }
  if (url.protocol === "http:" && !isLoopbackHost(host)) {
    if (how.allowInsecureHttp !== true)
      throw new Error(
        `${setting} ${baseUrl} is plain HTTP to a host that is not loopback: every request would send the API and ` +
          `application keys in clear text. Use https, or, for a network you trust, opt in with ` +
          `${how.optIn ?? "allowInsecureHttp: true"}`,
      );
    plainHttp = true;
  }
  if (hostSite && (DATADOG_SITES as readonly string[]).includes(hostSite)) {
    return { baseUrl, site: hostSite as DatadogSite, isDatadog: true };
  }
  return plainHttp ? { baseUrl, isDatadog: false, plainHttp: true } : { baseUrl, isDatadog: false };
}
