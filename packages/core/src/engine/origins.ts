import type { Problems } from './errors.js'

/** https://www.rfc-editor.org/rfc/rfc1035#section-2.3.4: a host name is at most 253 bytes… */
const MAX_HOST_LENGTH = 253
/** …in labels of at most 63. */
const MAX_LABEL_LENGTH = 63
/** The longest scheme corsa reads (real ones are short words). */
const MAX_SCHEME_LENGTH = 64
/** An origin longer than this cannot respect the limits: `scheme` `://` `host` `:65535`. */
export const MAX_ORIGIN_LENGTH = MAX_SCHEME_LENGTH + 3 + MAX_HOST_LENGTH + 6

/**
 * Who may read responses, compiled once by `cors()`: a look-up costs the length of the origin,
 * not the length of the list.
 */
export interface OriginIndex {
  /** Canonical origins (as browsers serialize them), `null` included when listed. */
  readonly exact: Set<string>
  /**
   * Patterns by host: `.suffix` for `scheme://*.suffix`, `host` for `scheme://host:*`, each
   * with the `scheme:port` (or `scheme:*`) it accepts.
   */
  readonly patterns: Map<string, string[]>
  readonly regexps: RegExp[]
}

/**
 * The Public Suffix List check for wildcard patterns. Every entry point registers it but
 * `@corsa/core/lite`, which leaves the list out of bundles that use exact origins only.
 */
let isPublicSuffix: ((host: string) => boolean) | undefined

/** Makes wildcard patterns available, checked against the Public Suffix List. */
export function usePublicSuffixList(check: (host: string) => boolean): void {
  isPublicSuffix = check
}

/** Schemes whose origin is `scheme://host[:port]` in the URL standard (https://url.spec.whatwg.org/#special-scheme), `file` aside. */
const SPECIAL_SCHEMES = ['http', 'https', 'ws', 'wss', 'ftp']

/**
 * A serialized origin as browsers send it (https://html.spec.whatwg.org/#ascii-serialisation-of-an-origin):
 * a lower-case scheme, `://`, a lower-case host (a name, IPv4 or bracketed IPv6) and a port
 * without leading zeros when it is not the default.
 */
const SERIALIZED_ORIGIN = /^([a-z][a-z0-9+.-]*):\/\/(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::([1-9][0-9]{0,4}))?$/

/** Splits a serialized origin into scheme, host and port, or `undefined` if it is not one a browser sends. */
export function splitOrigin(origin: string): [scheme: string, host: string, port: string] | undefined {
  // Callers check MAX_ORIGIN_LENGTH first, so that this never scans a 1 MB header.
  const match = SERIALIZED_ORIGIN.exec(origin)
  if (!match) return undefined
  const [, scheme, host, port = ''] = match as unknown as [string, string, string, string | undefined]
  if (scheme.length > MAX_SCHEME_LENGTH || !isHost(host) || +port > 65535) return undefined
  return [scheme, host, port]
}

/** A host within DNS limits (at most 253 bytes, labels of 1 to 63), or an IPv6 literal. */
function isHost(host: string): boolean {
  if (host[0] === '[') return true
  if (host.length > MAX_HOST_LENGTH) return false
  for (const label of host.split('.')) if (!label || label.length > MAX_LABEL_LENGTH) return false
  return true
}

/** A configured origin, parsed: an exact origin, or a pattern keyed as {@link OriginIndex} keys them. */
type ParsedOrigin = { exact: string } | { key: string; spec: string }
/** Why a configured origin was refused, and the valid spelling to suggest if there is one. */
type OriginMistake = { reason: 'invalid' | 'insecure'; problem: string; instead?: string | undefined }

/**
 * Parses one configured origin: an exact origin, `scheme://*.suffix` (one or more labels before
 * the suffix), `scheme://host:*` (any port), or both. `URL` canonicalizes it as browsers serialize
 * origins (lower case, punycode, IPv6, no default port).
 */
function parseOrigin(entry: string): ParsedOrigin | OriginMistake {
  if (entry === 'null') return { exact: entry }
  if (entry.toLowerCase() === 'null') return { reason: 'invalid', problem: 'is not an origin', instead: 'null' }
  const trimmed = entry.trim()
  if (trimmed !== entry) return { reason: 'invalid', problem: 'has spaces around it', instead: suggest(trimmed) }
  if (!entry) return { reason: 'invalid', problem: 'is empty' }

  // `app.example.com:8080` has a port where a scheme would be.
  const scheme = /^[a-z][a-z0-9+.-]*:[0-9]/i.test(entry) ? undefined : /^([a-z][a-z0-9+.-]*):/i.exec(entry)?.[1]?.toLowerCase()
  if (scheme === undefined) {
    // `https//app.example.com` lost its colon; `app.example.com` its scheme.
    const lost = /^(https?|wss?)\/\/(.*)$/i.exec(entry)
    return {
      reason: 'invalid',
      problem: 'has no scheme',
      instead: suggest(lost ? `${lost[1]}://${lost[2]}` : `${/^(localhost|127\.0\.0\.1)(:|$)/.test(entry) ? 'http' : 'https'}://${entry}`),
    }
  }
  if (!entry.slice(scheme.length).startsWith('://')) {
    return {
      reason: 'invalid',
      problem: 'is not scheme://host',
      instead: suggest(`${scheme}://${entry.slice(scheme.length + 1).replace(/^\/*/, '')}`),
    }
  }
  if (scheme === 'file') {
    return {
      reason: 'invalid',
      problem: 'is a file: URL, whose pages send the opaque origin null (as sandboxed iframes do): serve the page over http(s)',
    }
  }

  const anyPort = entry.endsWith(':*')
  let rest = entry.slice(scheme.length + 3, anyPort ? -2 : undefined)
  const wildcard = rest.startsWith('*.')
  // The placeholder label lets URL parse the host; it is taken off again below.
  if (wildcard) rest = `x${rest.slice(1)}`
  let url: URL
  try {
    url = new URL(`${scheme}://${rest}`)
  } catch {
    return { reason: 'invalid', problem: 'is not a valid origin' }
  }
  const special = SPECIAL_SCHEMES.includes(scheme)
  // Non-special schemes (chrome-extension:, capacitor:) have an opaque URL origin; browsers send scheme://host.
  const host = special ? url.hostname : url.host.replace(/:[0-9]+$/, '').toLowerCase()
  const port = url.port
  if (!host || host.includes('*') || !isHost(host)) return { reason: 'invalid', problem: 'is not a valid origin' }
  const canonical = `${scheme}://${wildcard ? `*.${host.slice(2)}` : host}${port ? `:${port}` : ''}${anyPort ? ':*' : ''}`
  // scheme://host[:port] and nothing else: no path, query, fragment, user info or default port.
  const authority = /^[^/?#]*/.exec(rest)![0]
  if (authority.length !== rest.length && !(rest.length === authority.length + 1 && rest.endsWith('/'))) {
    return { reason: 'invalid', problem: 'has a path, query or fragment', instead: suggest(canonical) }
  }
  if (rest.endsWith('/')) return { reason: 'invalid', problem: 'has a trailing slash', instead: suggest(canonical) }
  if (authority.includes('@')) return { reason: 'invalid', problem: 'has user info', instead: suggest(canonical) }
  if (special && /:[0-9]*$/.test(authority) && !port) return { reason: 'invalid', problem: 'has the default port', instead: suggest(canonical) }
  const bare = wildcard ? host.slice(2) : host
  if (wildcard && !isPublicSuffix) {
    return {
      reason: 'invalid',
      problem: "is a wildcard pattern, which needs the Public Suffix List: import from '@corsa/core' instead of '@corsa/core/lite'",
    }
  }
  if (wildcard && bare !== 'localhost' && isPublicSuffix!(bare)) {
    return {
      reason: 'insecure',
      problem: `covers the public suffix ${bare}, whose subdomains belong to different owners: list your own origins`,
      instead: suggest(`${scheme}://your-app.${bare}${port ? `:${port}` : ''}`),
    }
  }
  if (wildcard || anyPort) return { key: wildcard ? `.${bare}` : bare, spec: `${scheme}:${anyPort ? '*' : port}` }
  return { exact: canonical }
}

/** A spelling to suggest, only if it is itself a valid origin setting. */
function suggest(candidate: string): string | undefined {
  const parsed = parseOrigin(candidate)
  return 'reason' in parsed ? undefined : candidate
}

/** Anchored at both ends: `^` first, an unescaped `$` last. */
function isAnchored(re: RegExp): boolean {
  const source = re.source
  if (!source.startsWith('^') || !source.endsWith('$')) return false
  let backslashes = 0
  for (let i = source.length - 2; i >= 0 && source[i] === '\\'; i--) backslashes++
  return backslashes % 2 === 0
}

/**
 * Compiles the origin entries (strings and RegExps; not `'*'`) into an index, adding every
 * mistake to `problems`. A RegExp must be anchored at both ends, or it would match lookalike
 * origins; `g` and `y` are dropped, as their `lastIndex` would make one request depend on the last.
 */
export function compileOrigins(entries: readonly unknown[], problems: Problems): OriginIndex {
  const index: OriginIndex = { exact: new Set(), patterns: new Map(), regexps: [] }
  for (const entry of entries) {
    if (entry instanceof RegExp) {
      if (isAnchored(entry)) index.regexps.push(new RegExp(entry.source, entry.flags.replace(/[gy]/g, '')))
      else problems.add('origin', 'insecure', `${entry} is not anchored, so it matches lookalike origins: write /^(?:...)$/`)
    } else if (typeof entry === 'string') {
      const parsed = parseOrigin(entry)
      if ('reason' in parsed) {
        const { reason, problem, instead } = parsed
        problems.add(
          'origin',
          reason,
          `${JSON.stringify(entry)} ${problem}${instead === undefined ? '' : `: write ${JSON.stringify(instead)}`}`,
          instead,
        )
      } else if ('exact' in parsed) index.exact.add(parsed.exact)
      else index.patterns.set(parsed.key, [...(index.patterns.get(parsed.key) ?? []), parsed.spec])
    } else {
      problems.add('origin', 'invalid', `holds ${describeValue(entry)}: write an origin such as 'https://app.example.com'`)
    }
  }
  return index
}

/** A short, safe description of a configured value for a message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'function') return 'a function'
  if (value instanceof RegExp) return String(value)
  return typeof value === 'object' && value !== null ? 'an object' : String(value)
}

/** Whether `origin` (at most {@link MAX_ORIGIN_LENGTH} long, not an exact origin of the index) fits a pattern or a RegExp. */
export function matchPattern(index: OriginIndex, origin: string): boolean {
  // A list of exact origins needs nothing more: no parsing for a refused origin.
  if (!index.patterns.size && !index.regexps.length) return false
  const parts = splitOrigin(origin)
  if (!parts) return false
  if (index.patterns.size) {
    const [scheme, host, port] = parts
    const exactPort = `${scheme}:${port}`
    const anyPort = `${scheme}:*`
    const fits = (key: string) => {
      const specs = index.patterns.get(key)
      return specs !== undefined && (specs.includes(exactPort) || specs.includes(anyPort))
    }
    if (fits(host)) return true
    // One look-up per label of the host: the cost grows with its labels, not with the patterns.
    for (let dot = host.indexOf('.'); dot > 0; dot = host.indexOf('.', dot + 1)) if (fits(host.slice(dot))) return true
  }
  for (const re of index.regexps) if (re.exec(origin)?.[0] === origin) return true
  return false
}
