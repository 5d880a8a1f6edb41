/**
 * The cause of a refusal, as an engine's console names it (Chromium's and Firefox's; WebKit's is
 * not reachable by automation) and as corsa's `explain()` names it, so the suite can check that
 * both point at the same thing.
 */
import { cors, type CorsDecision, explain } from '@corsa/core'
import type { EngineName } from './engine.ts'
import type { PolicyOptions, Recorded } from './world.ts'

export type Cause = 'origin' | 'method' | 'header' | 'credentials'

/**
 * A cause and what it is about: the origin, method or header name (empty for credentials);
 * `undefined` when the engine's message does not say (Firefox names neither the origin nor the method).
 */
export interface Named {
  cause: Cause | 'unknown'
  subject: string | undefined
}

/**
 * The `Origin` the refused request carried. Chromium's message names the page's origin, but after
 * a redirect from one origin to another the request carries `Origin: null` (Fetch's redirect taint).
 */
function sentOrigin(message: string, pageOrigin: string): string {
  const m = /at '([^']*)' \(redirected from '([^']*)'\)/.exec(message)
  return m && new URL(m[1]!).origin !== new URL(m[2]!).origin ? 'null' : pageOrigin
}

/** Reads an engine's console message about a refusal. */
export function consoleCause(message: string, engine: EngineName = 'chromium'): Named {
  return engine === 'firefox' ? firefoxCause(message) : chromiumCause(message)
}

/**
 * The message that gives the reason among a refusal's messages: Firefox follows a failed
 * preflight's reason with "(Reason: CORS request did not succeed). Status code: (null).", which
 * names no cause.
 */
export function reasonMessage(messages: readonly string[], engine: EngineName = 'chromium'): string | undefined {
  return [...messages].reverse().find((m) => consoleCause(m, engine).cause !== 'unknown') ?? messages.at(-1)
}

/**
 * Reads a Firefox console message: `Cross-Origin Request Blocked: The Same Origin Policy disallows
 * reading the remote resource at … (Reason: …)`. Firefox quotes names in ‘typographic quotes’.
 */
function firefoxCause(message: string): Named {
  const reason = /\(Reason: (.*)\)/.exec(message)?.[1] ?? message
  let m: RegExpExecArray | null
  if (/Did not find method in CORS header .Access-Control-Allow-Methods./.test(reason)) return { cause: 'method', subject: undefined }
  if ((m = /header .([^’']+). is not allowed according to header .Access-Control-Allow-Headers./.exec(reason))) {
    return { cause: 'header', subject: m[1]!.toLowerCase() }
  }
  if ((m = /missing token .([^’']+). in CORS header .Access-Control-Allow-Headers./.exec(reason)))
    return { cause: 'header', subject: m[1]!.toLowerCase() }
  if (/CORS header .Access-Control-Allow-Origin. (missing|does not match)/.test(reason)) return { cause: 'origin', subject: undefined }
  if (/Credential is not supported if the CORS header .Access-Control-Allow-Origin. is .\*./.test(reason))
    return { cause: 'credentials', subject: '' }
  if (/expected .true. in CORS header .Access-Control-Allow-Credentials./.test(reason)) return { cause: 'credentials', subject: '' }
  return { cause: 'unknown', subject: message }
}

/** Reads a Chromium console message: `Access to fetch at '…' from origin '…' has been blocked by CORS policy: …`. */
function chromiumCause(message: string): Named {
  const origin = /from origin '([^']*)' has been blocked by CORS policy/.exec(message)?.[1] ?? ''
  let m: RegExpExecArray | null
  if ((m = /Method (\S+) is not allowed by Access-Control-Allow-Methods/.exec(message))) return { cause: 'method', subject: m[1]! }
  if ((m = /Request header field (\S+) is not allowed by Access-Control-Allow-Headers/.exec(message))) {
    return { cause: 'header', subject: m[1]!.toLowerCase() }
  }
  if (/No 'Access-Control-Allow-Origin' header is present/.test(message)) return { cause: 'origin', subject: sentOrigin(message, origin) }
  if (/The 'Access-Control-Allow-Origin' header has a value '[^']*' that is not equal to the supplied origin/.test(message)) {
    return { cause: 'origin', subject: sentOrigin(message, origin) }
  }
  if (/credentials mode is 'include'/.test(message)) return { cause: 'credentials', subject: '' }
  return { cause: 'unknown', subject: message }
}

/** Rebuilds, from what the server recorded, the `Request` the browser sent (the headers CORS looks at). */
export function rebuildRequest(recorded: Recorded): Request {
  const headers = new Headers()
  for (const [name, value] of Object.entries(recorded.headers)) {
    if (/^(?:origin|access-control-request-.*|authorization|cookie|content-type|x-.*)$/.test(name)) headers.set(name, value)
  }
  return new Request(`https://${recorded.host}${recorded.url}`, { method: recorded.method, headers })
}

/** `explain(policy, request)` for a recorded request. */
export async function explainRecorded(options: PolicyOptions, recorded: Recorded): Promise<CorsDecision> {
  return explain(cors(options as never), rebuildRequest(recorded))
}

/**
 * What `explain()` blames. It names credentials when a request carries cookies under a policy
 * without credentials; a server cannot see a credentials mode otherwise (a preflight never carries
 * cookies, nor does a first request before any cookie is set). So when it allows the request and
 * the policy has no credentials, the browser can only have refused the credentials.
 */
export function explainCause(decision: CorsDecision, options: PolicyOptions, recorded: Recorded): Named {
  switch (decision.reason) {
    case 'origin-not-allowed':
    case 'origin-invalid':
      return { cause: 'origin', subject: recorded.headers.origin ?? '' }
    case 'method-not-allowed':
      return { cause: 'method', subject: recorded.headers['access-control-request-method'] ?? '' }
    case 'header-not-allowed':
      return { cause: 'header', subject: /request header (\S+) is not in allowHeaders/.exec(decision.message)?.[1] ?? '' }
    case 'credentials-not-allowed':
      return { cause: 'credentials', subject: '' }
    default:
      return decision.allowed && !options.credentials ? { cause: 'credentials', subject: '' } : { cause: 'unknown', subject: decision.message }
  }
}
