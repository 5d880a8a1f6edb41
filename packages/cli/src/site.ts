/** Origins, sites and Fetch Metadata, as the browser computes them (with a simple registrable-domain rule). */
import { isIP } from 'node:net'
import { UsageError } from './rules.js'

/** A serialized origin (`scheme://host[:port]`), or `null` for an opaque origin. */
export type Origin = string

/**
 * Reads `--origin`: a serialized origin exactly as a browser sends it (`scheme://host[:port]`, no
 * path, no trailing slash, lower case, no default port), or `null`. Throws a {@link UsageError}
 * that shows the right spelling otherwise.
 */
export function parseOrigin(input: string): Origin {
  if (input === 'null') return 'null'
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new UsageError(`--origin '${input}' is not an origin: write scheme://host[:port], e.g. https://app.example.com`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--origin '${input}' must be an http or https origin (or null)`)
  }
  if (url.origin !== input) {
    throw new UsageError(
      `--origin '${input}' is not how a browser writes an origin: use '${url.origin}' (no path, no trailing slash, lower case, no default port)`,
    )
  }
  return url.origin
}

/** Whether a URL has the given origin. */
export function sameOrigin(url: URL, origin: Origin): boolean {
  return origin !== 'null' && url.origin === origin
}

const TWO_LEVEL_SECOND = new Set(['co', 'com', 'net', 'org', 'gov', 'edu', 'ac', 'or', 'ne', 'go', 'gob', 'nic', 'mil', 'ltd', 'plc'])

/**
 * The registrable domain of a host, by a simple rule instead of the Public Suffix List: an IP
 * address, `localhost` or a one-label host is its own site; `a.b.co.uk`-style hosts (a two-letter
 * country code under a common second level such as co, com, org, ac, gov) keep three labels;
 * every other host keeps its last two labels. So `api.example.com` and `app.example.com` are the
 * same site, and `x.github.io` and `y.github.io` are (wrongly, for the real list) the same site too.
 */
export function registrableDomain(hostname: string): string {
  const host = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase()
  if (isIP(host) || !host.includes('.')) return host
  const labels = host.split('.')
  const n = labels.length
  if (n >= 3 && labels[n - 1]!.length === 2 && TWO_LEVEL_SECOND.has(labels[n - 2]!)) return labels.slice(n - 3).join('.')
  return labels.slice(n - 2).join('.')
}

/** Schemeful same-site: the same scheme and the same registrable domain. */
export function sameSite(url: URL, origin: Origin): boolean {
  if (origin === 'null') return false
  const o = new URL(origin)
  return o.protocol === url.protocol && registrableDomain(o.hostname) === registrableDomain(url.hostname)
}

/** `Sec-Fetch-Site` for a request from `origin` whose URL list (redirects included) is `urls`. */
export function secFetchSite(origin: Origin, urls: readonly URL[]): 'same-origin' | 'same-site' | 'cross-site' {
  if (urls.some((u) => !sameSite(u, origin))) return 'cross-site'
  if (urls.some((u) => !sameOrigin(u, origin))) return 'same-site'
  return 'same-origin'
}

/**
 * A potentially trustworthy URL (Secure Contexts): https, or http to localhost, `*.localhost`,
 * 127.0.0.0/8 or ::1. Browsers send the `Sec-Fetch-*` headers only to these.
 */
export function isPotentiallyTrustworthy(url: URL): boolean {
  if (url.protocol === 'https:' || url.protocol === 'wss:') return true
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1'
}

/** Whether a request from `origin` to `url` is an https → http downgrade (no Referer is sent then). */
export function isDowngrade(origin: Origin, url: URL): boolean {
  return origin.startsWith('https:') && url.protocol === 'http:'
}
