/** Chromium's console texts for CORS failures, and a one-line fix for each cause. */

/** Why the browser blocked the response, one name per Chromium CORS error. */
export type Cause =
  | 'missing-allow-origin'
  | 'wildcard-origin-with-credentials'
  | 'multiple-allow-origin'
  | 'invalid-allow-origin'
  | 'allow-origin-mismatch'
  | 'allow-credentials'
  | 'preflight-status'
  | 'preflight-redirect'
  | 'invalid-allow-methods'
  | 'invalid-allow-headers'
  | 'method-not-allowed'
  | 'header-not-allowed'
  | 'redirect-credentials'
  | 'redirect-scheme'
  | 'too-many-redirects'

/** A failed check: the cause and the value Chromium quotes in its message (a header value, method or header name). */
export interface Failure {
  cause: Cause
  /** The value the message quotes: ACAO or ACAC value, method, header name, Location. */
  value: string
  /** Whether it happened on the preflight response. */
  preflight: boolean
}

/** What Chromium appends, for fetch(), to the three "wrong Access-Control-Allow-Origin value" reasons. */
const VALID = ' Have the server send the header with a valid value.'

/** The reason part of Chromium's message (after "has been blocked by CORS policy: "). */
export function reasonText(f: Failure): string {
  const pre = f.preflight ? "Response to preflight request doesn't pass access control check: " : ''
  switch (f.cause) {
    case 'missing-allow-origin':
      return `${pre}No 'Access-Control-Allow-Origin' header is present on the requested resource.`
    case 'wildcard-origin-with-credentials':
      return `${pre}The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.`
    case 'multiple-allow-origin':
      return `${pre}The 'Access-Control-Allow-Origin' header contains multiple values '${f.value}', but only one is allowed.${VALID}`
    case 'invalid-allow-origin':
      return `${pre}The 'Access-Control-Allow-Origin' header contains the invalid value '${f.value}'.${VALID}`
    case 'allow-origin-mismatch':
      return `${pre}The 'Access-Control-Allow-Origin' header has a value '${f.value}' that is not equal to the supplied origin.${VALID}`
    case 'allow-credentials':
      return `${pre}The value of the 'Access-Control-Allow-Credentials' header in the response is '${f.value}' which must be 'true' when the request's credentials mode is 'include'.`
    case 'preflight-status':
      return `${pre}It does not have HTTP ok status.`
    case 'preflight-redirect':
      return `${pre}Redirect is not allowed for a preflight request.`
    case 'invalid-allow-methods':
      return 'Cannot parse Access-Control-Allow-Methods response header field in preflight response.'
    case 'invalid-allow-headers':
      return 'Cannot parse Access-Control-Allow-Headers response header field in preflight response.'
    case 'method-not-allowed':
      return `Method ${f.value} is not allowed by Access-Control-Allow-Methods in preflight response.`
    case 'header-not-allowed':
      return `Request header field ${f.value} is not allowed by Access-Control-Allow-Headers in preflight response.`
    case 'redirect-credentials':
      // Chromium quotes an empty location here (it drops the URL from the message); so do we.
      return `Redirect location '' contains a username and password, which is disallowed for cross-origin requests.`
    case 'redirect-scheme':
      return `Redirect location '${f.value}' is not an HTTP(S) URL.`
    case 'too-many-redirects':
      return 'More than 20 redirects.'
  }
}

/** Where the failure happened, for the message's prefix. */
export interface MessageContext {
  /** The URL the failing request was for. */
  url: string
  /** The URL the page asked for, when redirects led elsewhere. */
  firstUrl: string
  /** The page's origin (Chromium names it even after the request's Origin became null). */
  pageOrigin: string
  method: string
}

/** The full console line Chromium prints for a blocked `fetch()`. */
export function consoleMessage(f: Failure, ctx: MessageContext): string {
  if (f.cause === 'too-many-redirects') return `${ctx.method} ${ctx.url} net::ERR_TOO_MANY_REDIRECTS`
  if (f.cause === 'redirect-scheme') return `${ctx.method} ${ctx.url} net::ERR_UNSAFE_REDIRECT`
  const from = ctx.url !== ctx.firstUrl ? ` (redirected from '${ctx.firstUrl}')` : ''
  return `Access to fetch at '${ctx.url}'${from} from origin '${ctx.pageOrigin}' has been blocked by CORS policy: ${reasonText(f)}`
}

/** What the fix needs to know beyond the failure. */
export interface FixContext {
  /** The Origin header the failing request carried (`null` after a cross-origin redirect). */
  sentOrigin: string
  pageOrigin: string
  credentials: boolean
  status: number
  /** Access-Control-Allow-Methods / -Headers of the preflight, when there was one. */
  allowMethods: string | null
  allowHeaders: string | null
}

/** A one-line fix for the failure. */
export function fixFor(f: Failure, ctx: FixContext): string {
  const o = ctx.sentOrigin
  const taint = o === 'null' && ctx.pageOrigin !== 'null' && ['missing-allow-origin', 'allow-origin-mismatch', 'allow-credentials'].includes(f.cause)
  if (taint) {
    return "A redirect from one origin to another turned the request's Origin into 'null': have the page request the final URL directly (allowing 'null' would let any sandboxed page in)."
  }
  switch (f.cause) {
    case 'missing-allow-origin':
      if (f.preflight && (ctx.status < 200 || ctx.status > 299)) {
        return `The preflight got ${ctx.status} with no CORS headers, so OPTIONS never reached the CORS code: answer OPTIONS with CORS before routing and auth (or route it).`
      }
      return `Have the server answer this origin with 'Access-Control-Allow-Origin: ${o}' (add ${o} to its allowed origins), on ${f.preflight ? 'the preflight' : 'every response, errors included'}.`
    case 'wildcard-origin-with-credentials':
      return `With credentials, echo the origin instead of '*': 'Access-Control-Allow-Origin: ${o}' and 'Access-Control-Allow-Credentials: true' (or drop credentials: 'include').`
    case 'multiple-allow-origin':
      return `Send exactly one origin, '${o}': two layers both add the header (a proxy and the app?) or the server lists several origins; echo the request's Origin once.`
    case 'invalid-allow-origin':
      return `Send the request's origin exactly as it came, '${o}', or '*'.`
    case 'allow-origin-mismatch':
      if (f.value.replace(/\/+$/, '') === o) return `Remove the trailing slash: the allowed origin must be exactly '${o}' (no path, no '/').`
      if (f.value.toLowerCase() === o.toLowerCase()) return `Send the origin byte for byte, '${o}' (the comparison is case-sensitive).`
      return `The server allows '${f.value}', not '${o}': add '${o}' to its allowed origins (scheme, host and port must match exactly).`
    case 'allow-credentials':
      return `For credentialed requests send 'Access-Control-Allow-Credentials: true' (exactly, lower case) along with the echoed origin, or drop credentials: 'include'.`
    case 'preflight-status':
      return `Answer the preflight (OPTIONS with Access-Control-Request-Method) with 204 before auth and routing: it got ${ctx.status}; preflights never carry cookies or Authorization.`
    case 'preflight-redirect':
      return `Do not redirect the preflight (it got ${ctx.status} to '${f.value}'): have the page request the final URL (check trailing slashes and http→https), or answer OPTIONS before the redirect.`
    case 'invalid-allow-methods':
      return `Send Access-Control-Allow-Methods as a comma-separated list of method names (got '${ctx.allowMethods ?? ''}').`
    case 'invalid-allow-headers':
      return `Send Access-Control-Allow-Headers as a comma-separated list of header names (got '${ctx.allowHeaders ?? ''}').`
    case 'method-not-allowed': {
      const m = f.value
      const star = (ctx.allowMethods ?? '').split(',').some((s) => s.trim() === '*')
      if (m !== m.toUpperCase() && (ctx.allowMethods ?? '').split(',').some((s) => s.trim() === m.toUpperCase())) {
        return `Methods are case-sensitive and fetch() sends '${m}' as written: use '${m.toUpperCase()}' in the page, or add '${m}' to Access-Control-Allow-Methods.`
      }
      if (star && ctx.credentials) return `'*' in Access-Control-Allow-Methods is a literal name with credentials: list '${m}' explicitly.`
      return `Add '${m}' to Access-Control-Allow-Methods on the preflight response.`
    }
    case 'header-not-allowed': {
      const h = f.value
      const star = (ctx.allowHeaders ?? '').split(',').some((s) => s.trim() === '*')
      if (star && ctx.credentials) return `'*' in Access-Control-Allow-Headers is a literal name with credentials: list '${h}' explicitly.`
      return `Add '${h}' to Access-Control-Allow-Headers on the preflight response.`
    }
    case 'redirect-credentials':
      return 'Remove the user:password@ part from the redirect Location.'
    case 'redirect-scheme':
      return 'Redirect only to http or https URLs.'
    case 'too-many-redirects':
      return 'Break the redirect loop: the request was redirected more than 20 times.'
  }
}
