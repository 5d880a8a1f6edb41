import type { CookieVerdict } from './cookies.js'
import type { CookieWarning } from './engine/cookie-warnings.js'

/**
 * Who may read responses: `'*'` (anyone, without credentials), an exact origin or a pattern
 * (`https://*.example.com`, `http://localhost:*`), an anchored `RegExp`, a list of those, or a
 * predicate that receives the request's `Origin` and the request itself.
 */
export type OriginOption<Req = Request> = '*' | string | RegExp | readonly (string | RegExp)[] | OriginPredicate<Req>

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
export type CorsOptions<O extends OriginOption<never> | AnyOriginOption = AnyOriginOption, Req = Request> = [O] extends [AnyOriginOption]
  ? CommonCorsOptions & {
      /** Who may read responses. Defaults to `'*'`. See {@link OriginOption}. */
      origin?: OriginOption<Req>
      /**
       * Allow cookies and HTTP authentication (`Access-Control-Allow-Credentials: true`). Defaults to
       * `false`; needs listed origins (`cors()` throws `CorsConfigError` for `'*'`).
       */
      credentials?: boolean
    }
  : CorsOptionsFor<Exclude<O, AnyOriginOption>>

/**
 * The options for one kind of `origin`, for faces' signatures: with `O = '*'` credentials are a
 * type error; with any other `O`, `credentials: true` needs `origin`.
 */
export type CorsOptionsFor<O extends OriginOption<never>> = CommonCorsOptions &
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

declare const anyOriginOption: unique symbol
/**
 * The default of `CorsOptions`' type parameter: a variable annotated `CorsOptions` may hold any
 * origin option (`cors()` checks it when it runs); the generic forms narrow it.
 */
export type AnyOriginOption = typeof anyOriginOption

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

/**
 * What TypeScript shows when `origin` is `'*'` (or left out) with `credentials: true`: browsers
 * refuse `Access-Control-Allow-Origin: *` on credentialed requests.
 */
export interface CredentialsNeedListedOrigins {
  "origin '*' cannot go with credentials: true, as browsers refuse it: write origin: ['https://app.example.com']": true
}

/** What TypeScript shows for an option name corsa does not know (a typo, another library's name). */
export interface NotACorsaOption {
  'is not a corsa option: the names are in docs/core.md (origin, allowMethods, allowHeaders, exposeHeaders, credentials, maxAge, preflightStatus, csrf)': true
}

/** The options as written in a call, `origin` typed by its own parameter so that a predicate's parameters are typed. */
export type CorsOptionsShape<O> = Omit<CommonCorsOptions, never> & { origin?: O; credentials?: boolean }

/**
 * The checks of options written in a call (or declared `as const`), as one type: unknown names,
 * and `'*'` or no `origin` with `credentials: true`, each an error at the option at fault.
 */
export type CheckCorsOptions<T, Known extends PropertyKey> = { [K in Exclude<keyof T, Known>]: NotACorsaOption } & (T extends {
  readonly credentials: true
}
  ? 'origin' extends keyof T
    ? T extends { readonly origin: '*' }
      ? { origin: CredentialsNeedListedOrigins }
      : unknown
    : { origin: CredentialsNeedListedOrigins }
  : unknown)

/** The origin option of options written in a call: `'*'` when left out. */
export type OriginOf<T> = T extends { readonly origin: infer O } ? O : '*'
