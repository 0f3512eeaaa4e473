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
 */
export function apiUrlTarget(apiUrl: string): Target {
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
  if (hostSite && (DATADOG_SITES as readonly string[]).includes(hostSite)) {
    return { baseUrl, site: hostSite as DatadogSite, isDatadog: true };
  }
  return { baseUrl, isDatadog: false };
}
