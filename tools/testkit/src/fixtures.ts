/**
 * What the runtime fixtures (the Bun and Deno servers, the Edge function) have in common: their
 * policy, the origins the tests send, and the responses of routes that are the same everywhere.
 * Web APIs only: this module runs inside Bun, Deno and the EdgeVM as well as in Node.
 */

/** Allowed: listed exactly. */
export const APP = 'https://app.example.com'
/** Allowed: matched by `https://*.example.com`. */
export const SUB = 'https://eu.shop.example.com'
/** Refused: looks like example.com, is not. */
export const EVIL = 'https://example.com.evil.test'
/** The Vary of every preflight answer. */
export const PREFLIGHT_VARY = 'origin, access-control-request-method, access-control-request-headers'

/** The policy every runtime fixture serves. */
export const fixturePolicy = {
  origin: [APP, 'https://*.example.com'],
  credentials: true,
  exposeHeaders: ['x-request-id'],
  maxAge: 600,
} as const

/** `status <code>` with that status (no body for 204 and 304). */
export function statusResponse(code: number): Response {
  return new Response(code === 204 || code === 304 ? null : `status ${code}`, { status: code })
}

/** Echoes the request's Cookie and sets two cookies (two Set-Cookie lines). */
export function cookieResponse(request: Request): Response {
  return new Response(`cookie seen: ${request.headers.get('cookie')}`, {
    headers: [
      ['set-cookie', 'session=abc; Path=/; HttpOnly; Secure; SameSite=None'],
      ['set-cookie', 'theme=dark; Path=/; Secure; SameSite=None'],
    ],
  })
}

/**
 * A streamed body that proves the headers came first: `response()` sends `first chunk;` at once
 * and `second chunk` only when `release()` is called (or after 5 s).
 */
export function heldStream(): { response(): Response; release(): Response } {
  let releaseStream: (() => void) | undefined
  return {
    response() {
      let timer: ReturnType<typeof setTimeout> | undefined
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          controller.enqueue(new TextEncoder().encode('first chunk;'))
          await new Promise<void>((resolve) => {
            releaseStream = resolve
            timer = setTimeout(resolve, 5000)
          })
          clearTimeout(timer)
          controller.enqueue(new TextEncoder().encode('second chunk'))
          controller.close()
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/plain' } })
    },
    /** Lets the body of the last `response()` finish; answers `released`. */
    release() {
      releaseStream?.()
      return new Response('released')
    },
  }
}

/** The policy of the framework suites (@corsa/node's and @corsa/hono's): every option set. */
export const suitePolicy = {
  origin: [APP, 'https://*.example.com'],
  credentials: true,
  allowMethods: ['GET', 'POST', 'PATCH'],
  allowHeaders: ['Content-Type', 'X-Custom'],
  exposeHeaders: ['X-Total'],
  maxAge: 600,
} as const
