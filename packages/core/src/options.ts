import type { CookieVerdict } from './cookies.js'
import type { CookieWarning } from './engine/cookie-warnings.js'

/**
 * Who may read responses: `'*'` (anyone, without credentials), an exact origin or a pattern
 * (`https://*.example.com`, `http://localhost:*`), an anchored `RegExp`, a list of those, or a
 * predicate that receives the request's `Origin` and the request itself.
 */
export type OriginOption<Req = Request> =
  | '*'
  | string
  | RegExp
  | readonly (string | RegExp)[]
  | OriginPredicate<Req>

/**
 * Decides whether a well-formed origin may read responses. It is never called for the `null`
 * origin, for a malformed `Origin` or for one that breaks DNS limits: those are refused first.
 * A predicate that throws or rejects refuses the origin.
 */
export type OriginPredicate<Req = Request> = (origin: string, request: Req) => boolean | Promise<boolean>

/** Options shared by every origin setting. */
export interface CommonCorsOptions {
  /**
   * Methods a preflight may ask for. Defaults to `['GET','HEAD','PUT','PATCH','POST','DELETE']`.
   * Compared byte for byte, as browsers do: `DELETE GET HEAD OPTIONS POST PUT` are upper-cased
   * here (browsers upper-case them too); any other method is kept as written, so `['PATCH']`
   * refuses `fetch(url, { method: 'patch' })`. `'*'` allows any method.
   */
  allowMethods?: readonly string[] | '*'
  /**
   * Request headers a preflight may ask for, compared case-insensitively. Defaults to `'*'`:
   * any header, `Authorization` included, with or without credentials (corsa sends the requested
   * names back where the literal `*` would not work).
   */
  allowHeaders?: readonly string[] | '*'
  /**
   * Response headers scripts may read beyond the safelisted ones. `'*'` exposes all; with
   * credentials, `withCors` lists the actual response's header names (the pure `policy(request)`
   * face cannot see the response and sends none). Defaults to `[]`.
   */
  exposeHeaders?: readonly string[] | '*'
  /** Preflight cache lifetime in whole seconds, `0`…`86400`; `0` disables caching. Unset by default. */
  maxAge?: number
  /** Status of a successful preflight, `200`…`299`. Defaults to `204`. */
  preflightStatus?: number
  /**
   * Cross-origin protection: refuse, with `403` before the handler runs, a request that may
   * change state (any method but GET, HEAD, OPTIONS) sent by a browser from an origin this policy
   * does not allow. `bypass` lists paths that skip the check (`/webhooks/stripe`, or a prefix
   * `/webhooks/*`); `onRefused` sees each refusal, for logging. Off by default; not with
   * `origin: '*'`. See docs/csrf.md.
   */
  csrf?: boolean | CsrfOptions
  /**
   * Development warnings, one per cookie name and cause, when a response sets a cookie that a
   * browser drops or partitions (`SameSite=Lax` cross-site, `SameSite=None` without `Secure`, a
   * `Domain` that does not match, third-party cookie blocking, ...), and when a credentialed
   * cross-site request arrives without cookies. `true` logs with `console.warn`, a function
   * receives each warning (route it to your logger), `false` turns them off. Defaults to on when
   * `NODE_ENV` is `development`, off otherwise; off costs nothing per request. See docs/cookies.md.
   */
  cookieWarnings?: boolean | ((warning: CookieWarning) => void)
}

/** The object form of the `csrf` option. */
export interface CsrfOptions {
  /** Paths that skip the check: exact (`/webhooks/stripe`) or a prefix ending in `/*` (`/webhooks/*`). */
  bypass?: readonly string[]
  /** Called with each refused request (before the `403` is sent), for logging. */
  onRefused?: (refusal: CsrfRefusal) => void
}

/** What the app learns of a request that cross-origin protection refused. */
export interface CsrfRefusal {
  readonly method: string
  /** The request's `Origin`, or `null` when it had none. */
  readonly origin: string | null
  /** The request's `Sec-Fetch-Site`, or `null` when it had none. */
  readonly site: string | null
  /** The request's path, for `bypass`. */
  readonly path: string
}

/**
 * The options of `cors()`. `origin: '*'` (the default) cannot be combined with
 * `credentials: true`: browsers refuse `Access-Control-Allow-Origin: *` on credentialed requests,
 * so list the origins that may send cookies instead. Both mistakes are type errors.
 */
export type CorsOptions<O extends OriginOption<never> = OriginOption, Req = Request> = CommonCorsOptions &
  ([O] extends ['*']
    ? {
        /** Who may read responses. Defaults to `'*'`. See {@link OriginOption}. */
        origin?: O
        /** Not allowed with `origin: '*'`: list the origins that may send credentials. */
        credentials?: false
      }
    :
        | {
            /** Who may read responses. Defaults to `'*'`. See {@link OriginOption}. */
            origin?: O
            /** Allow cookies and HTTP authentication (`Access-Control-Allow-Credentials: true`). Defaults to `false`. */
            credentials?: false
          }
        | {
            /** Who may read responses: required with credentials. See {@link OriginOption}. */
            origin: O
            /** Allow cookies and HTTP authentication (`Access-Control-Allow-Credentials: true`). Defaults to `false`. */
            credentials: boolean
          })

/** Why a request was allowed or refused. */
export type CorsReason =
  | 'not-cors'
  | 'any-origin'
  | 'origin-allowed'
  | 'origin-not-allowed'
  | 'origin-invalid'
  | 'preflight-allowed'
  | 'method-not-allowed'
  | 'header-not-allowed'
  | 'credentials-not-allowed'
  | 'csrf-refused'

/** What corsa decided for one request, and why, in one plain sentence. */
export interface CorsDecision {
  /** `'preflight'` for `OPTIONS` + `Origin` + `Access-Control-Request-Method`, else `'actual'`. */
  kind: 'preflight' | 'actual' | 'refused'
  /** Whether a script on the request's origin may go on (preflight) or read the response (actual). */
  allowed: boolean
  /** A stable code for the cause. */
  reason: CorsReason
  /** One plain sentence, e.g. `origin https://x.test is not in the allowed list`. */
  message: string
  /**
   * With `explain(policy, request, response)`: what each browser engine does with each cookie the
   * response sets (and with the request's missing cookies). See docs/cookies.md.
   */
  cookies?: CookieVerdict[]
}
