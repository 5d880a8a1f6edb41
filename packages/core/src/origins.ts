import { CorsConfigError } from './errors.js'
import type { OriginPredicate } from './options.js'

/** An origin longer than this cannot respect DNS limits (scheme ≤ 64, host ≤ 253, port ≤ 5). */
export const MAX_ORIGIN_LENGTH = 64 + 3 + 253 + 6

/**
 * Suffixes under which every subdomain belongs to someone else: a single label (`com`), a
 * second-level label under a country code (`co.uk`, `com.au`), and shared hosting domains.
 * (A wildcard over an IP address never gets here: `x.0.0.1` is not a valid URL host.)
 */
const PUBLIC_SUFFIX =
  /^(?:[^.]+|(?:co|com|net|org|ac|edu|gov)\.[a-z]{2}|github\.io|vercel\.app)$/

/** Origins compiled once by `cors()`: every lookup costs the origin's length, not the list's. */
export interface OriginIndex {
  /** Canonical origins, `null` included when listed. */
  exact: Set<string>
  /**
   * Patterns by host: `.suffix` for `scheme://*.suffix[:port|:*]`, `host` for `scheme://host:*`,
   * each with the `scheme:port` (or `scheme:*`) it accepts.
   */
  patterns: Map<string, string[]>
  regexps: RegExp[]
  predicate?: OriginPredicate<any>
}

/** Splits a serialized origin into scheme, host and port, or `undefined` if it is not one a browser sends. */
export function splitOrigin(origin: string): string[] | undefined {
  // Callers check MAX_ORIGIN_LENGTH first, so that this never scans a 1 MB header.
  const m = /^([a-z][a-z0-9+.-]*):\/\/(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::([1-9][0-9]{0,4}))?$/.exec(origin)
  if (m && isHost(m[2]!) && +(m[3] ?? 0) < 65536) return [m[1]!, m[2]!, m[3] ?? '']
}

/** A host within DNS limits (at most 253 bytes, labels of 1 to 63), or an IPv6 literal. */
function isHost(host: string): boolean {
  return host[0] === '[' || (host.length < 254 && host.split('.').every((label) => label && label.length < 64))
}

/**
 * Parses one configured origin (exact, `scheme://*.suffix`, `scheme://host:*`) into the index.
 * `URL` canonicalizes it as browsers serialize it (lower case, punycode, IPv6); anything a
 * browser would never send throws with the spelling to use instead.
 */
function addOrigin(index: OriginIndex, entry: string): void {
  if (entry === 'null') return void index.exact.add(entry)
  const fail = (problem: string, instead = ''): never => {
    throw new CorsConfigError('origin', `"${entry}" ${problem}${instead && `: write "${instead}"`}`)
  }
  const anyPort = entry.endsWith(':*')
  const wildcard = /^[^/]*\/\/\*\./.test(entry)
  let text = entry.slice(0, anyPort ? -2 : undefined)
  if (wildcard) text = text.replace('*', 'x')
  const special = /^https?:\/\//i.test(text)
  let url: URL | undefined
  try {
    url = new URL(text.includes('://') ? text : `https://${text}`)
  } catch {
    fail('is not a valid origin')
  }
  // Non-special schemes (chrome-extension:, capacitor:) have no URL origin: they are lower-cased.
  let origin = special || !text.includes('://') ? url!.origin : text.toLowerCase()
  if (wildcard) origin = origin.replace('//x.', '//*.')
  // scheme://host[:port] and nothing else: no path, query, fragment, user info or default port.
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s]+$/i.test(text) || (special && /:[0-9]+$/.test(text) !== !!url!.port)) {
    fail('is not an origin', origin + (anyPort ? ':*' : ''))
  }
  const [scheme, authority] = origin.split('://') as [string, string]
  const host = authority.replace(/:[0-9]+$/, '').replace(/^\*\./, '')
  if (host.includes('*') || !isHost(host)) fail('is not a valid origin')
  if (wildcard && host !== 'localhost' && PUBLIC_SUFFIX.test(host)) {
    fail(`covers the public suffix ${host}`, `${scheme}://*.example.${host}`)
  }
  if (wildcard || anyPort) {
    const key = wildcard ? '.' + host : host
    index.patterns.set(key, [...(index.patterns.get(key) ?? []), `${scheme}:${anyPort ? '*' : url!.port}`])
  } else index.exact.add(origin)
}

/**
 * A RegExp must be anchored at both ends, or it would match lookalike origins. Matching also
 * demands that the match is the whole origin, which catches a top-level `|` (`/^a|b$/` is `^a`
 * or `b$`). `g` and `y` are dropped: their `lastIndex` would make one request depend on the last.
 */
function anchored(re: RegExp): RegExp {
  if (!/^\^.*[^\\]\$$/.test(re.source)) throw new CorsConfigError('origin', `${re} is not anchored: write /^(?:...)$/`)
  return new RegExp(re.source, re.flags.replace(/[gy]/g, ''))
}

/** Compiles the `origin` option (anything but `'*'`) into an index. */
export function compileOrigins(option: unknown): OriginIndex {
  const index: OriginIndex = { exact: new Set(), patterns: new Map(), regexps: [] }
  if (typeof option === 'function') index.predicate = option as OriginPredicate<any>
  else {
    const entries: unknown[] = [option].flat()
    // An empty list is refused like any other entry that is not an origin.
    for (const entry of entries.length ? entries : [undefined]) {
      if (entry instanceof RegExp) index.regexps.push(anchored(entry))
      else if (typeof entry === 'string') addOrigin(index, entry)
      else throw new CorsConfigError('origin', `holds ${entry}: write an origin`)
    }
  }
  return index
}

/**
 * Whether `origin` (the request's `Origin`, attacker-controlled) is allowed. Exact origins are
 * compared byte for byte against their canonical form; `null` only when listed; patterns,
 * RegExps and the predicate only ever see well-formed origins within DNS limits.
 */
export function matchOrigin<Req>(index: OriginIndex, origin: string, request: Req): boolean | Promise<boolean> {
  // Checking the length first keeps a 1 MB Origin from being hashed.
  if (origin.length > MAX_ORIGIN_LENGTH) return false
  if (index.exact.has(origin)) return true
  // A list of exact origins needs nothing more: no parsing for a refused origin.
  if (!index.patterns.size && !index.regexps.length && !index.predicate) return false
  const parts = splitOrigin(origin)
  if (!parts) return false
  const [scheme, host, port] = parts as [string, string, string]
  const fits = (key: string) => index.patterns.get(key)?.some((spec) => spec === scheme + ':' + port || spec === scheme + ':*')
  if (fits(host)) return true
  // Walk the host's suffixes at each dot (one look-up each): the cost grows with its labels, not with the patterns.
  for (let dot = host.indexOf('.'); dot > 0; dot = host.indexOf('.', dot + 1)) if (fits(host.slice(dot))) return true
  if (index.regexps.some((re) => re.exec(origin)?.[0] === origin)) return true
  try {
    const verdict: unknown = index.predicate?.(origin, request)
    return verdict instanceof Promise ? verdict.then((v) => v === true, () => false) : verdict === true
  } catch {
    return false
  }
}
