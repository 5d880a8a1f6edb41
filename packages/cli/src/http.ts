/** One bounded HTTP exchange: no redirects followed, a timeout on everything, the body read only up to a cap. */
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { HeaderPair } from './rules.js'

/** A request as sent on the wire. */
export interface WireRequest {
  method: string
  url: string
  headers: HeaderPair[]
}

/** A response as received: status and every header line, in order, names as the server wrote them. */
export interface WireResponse {
  status: number
  statusText: string
  headers: HeaderPair[]
  /** The first bytes of the body (at most the cap), as latin1 text. */
  bodyPreview: string
}

/** A network failure: the request got no HTTP response (refused, reset, DNS, TLS, timeout). */
export class NetworkError extends Error {
  override name = 'NetworkError'
}

export interface SendOptions {
  /** Milliseconds for the whole exchange, connection to the last body byte read. */
  timeout: number
  /** How many body bytes to read at most (the rest is dropped with the connection). */
  maxBody: number
}

/** Sends one request and resolves with the response head (and a capped body preview). */
export function send(req: WireRequest, options: SendOptions): Promise<WireResponse> {
  const url = new URL(req.url)
  const requestFn = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise<WireResponse>((resolve, reject) => {
    let settled = false
    const headers: Record<string, string | string[]> = {}
    for (const [name, value] of req.headers) {
      const existing = headers[name]
      if (existing === undefined) headers[name] = value
      else headers[name] = [...(Array.isArray(existing) ? existing : [existing]), value]
    }
    const outgoing = requestFn(url, {
      method: req.method,
      headers,
      agent: false,
      // setHeader keeps the casing we give; no automatic Host casing games.
      setHost: true,
    })
    // Node upper-cases every method; a browser sends `patch` as the page wrote it. The request
    // line is built from this property when the head is written, so restore the original.
    ;(outgoing as { method: string }).method = req.method
    const timer = setTimeout(() => {
      fail(new NetworkError(`no answer from ${url.origin} within ${options.timeout} ms (timed out)`))
    }, options.timeout)
    timer.unref?.()
    function done(value: WireResponse): void {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(value)
    }
    function fail(error: Error): void {
      if (settled) return
      settled = true
      clearTimeout(timer)
      outgoing.destroy()
      reject(error)
    }
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      fail(new NetworkError(describe(error, url)))
    })
    outgoing.on('response', (res: IncomingMessage) => {
      const pairs: HeaderPair[] = []
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) pairs.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!])
      const chunks: Buffer[] = []
      let size = 0
      const finish = (): void => {
        const body = Buffer.concat(chunks).subarray(0, options.maxBody).toString('latin1')
        done({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: pairs, bodyPreview: body })
        res.destroy()
      }
      if (options.maxBody <= 0 || req.method === 'HEAD') {
        finish()
        return
      }
      res.on('data', (chunk: Buffer) => {
        chunks.push(chunk)
        size += chunk.length
        if (size >= options.maxBody) finish()
      })
      res.on('end', finish)
      res.on('error', finish)
      res.on('close', finish)
    })
    outgoing.end()
  })
}

function describe(error: NodeJS.ErrnoException, url: URL): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return `connection refused by ${url.host}`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot resolve the host ${url.hostname}`
    case 'ECONNRESET':
      return `the connection to ${url.host} was reset`
    default:
      return `${url.origin}: ${error.message}`
  }
}

/** The value of a header (lines joined with ", ", as browsers read them), or null when absent. */
export function headerValue(headers: readonly HeaderPair[], name: string): string | null {
  const lower = name.toLowerCase()
  const values = headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
  return values.length === 0 ? null : values.join(', ')
}

/** Every value of a header, one per line (for Set-Cookie). */
export function headerValues(headers: readonly HeaderPair[], name: string): string[] {
  const lower = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}
