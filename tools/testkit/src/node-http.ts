/**
 * Real HTTP/1.1 over Node's own `http` client and raw sockets, for servers under test on
 * 127.0.0.1: every header line of a response is kept (no folding, no fetch normalisation), and
 * headers up to 4 MB or with bytes that Node's client refuses to send can be sent.
 */
import { createServer, request as httpRequest, type RequestListener, type Server } from 'node:http'
import { connect, type AddressInfo } from 'node:net'

/** A response as it came over the wire: every header line kept, names in lower case. */
export interface Reply {
  status: number
  /** Every value of each header, in order, one per header line. */
  lines: Map<string, string[]>
  body: string
  /** The single value of a header (several lines joined with ', '), or undefined. */
  header(name: string): string | undefined
  /** Names of the Access-Control-* headers on the response. */
  cors(): string[]
}

function reply(status: number, rawHeaders: string[], body: string): Reply {
  const lines = new Map<string, string[]>()
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase()
    lines.set(name, [...(lines.get(name) ?? []), rawHeaders[i + 1]!])
  }
  return {
    status,
    lines,
    body,
    header: (name) => lines.get(name.toLowerCase())?.join(', '),
    cors: () => [...lines.keys()].filter((n) => n.startsWith('access-control-')),
  }
}

export interface Running {
  url: string
  port: number
  server: Server
  close(): Promise<void>
}

/** Serves a listener on 127.0.0.1 with a random port; headers up to 4 MB reach the app. */
export async function serve(listener: RequestListener): Promise<Running> {
  const server = createServer({ maxHeaderSize: 4 * 1024 * 1024 }, listener)
  return listen(server)
}

/** Listens on 127.0.0.1 with a random port. */
export async function listen(server: Server): Promise<Running> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return running(server)
}

/** A server that was told to listen elsewhere (such as @hono/node-server's serve()), once it does. */
export async function running(server: Server): Promise<Running> {
  if (!server.listening) await new Promise((resolve) => server.once('listening', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections?.()
        server.close(() => resolve())
      }),
  }
}

export interface Send {
  method?: string
  headers?: Record<string, string | string[]>
  body?: string
}

/** One real HTTP/1.1 request to base + path; no connection reuse, 10 s at most. */
export function send(base: string, path: string, { method = 'GET', headers = {}, body }: Send = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(base + path, { method, headers, agent: false, timeout: 10_000, maxHeaderSize: 4 * 1024 * 1024 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve(reply(res.statusCode!, res.rawHeaders, Buffer.concat(chunks).toString('latin1'))))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)))
    req.on('error', reject)
    req.end(body)
  })
}

/**
 * Writes raw bytes (latin1) to the server and reads the status line of the first response:
 * for requests that Node's own client refuses to send (control bytes in a header).
 */
export function sendRaw(port: number, text: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1')
    let data = ''
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), 10_000)
    socket.on('data', (chunk) => {
      data += chunk.toString('latin1')
      const m = /^HTTP\/1\.1 (\d{3})/.exec(data)
      if (m) {
        clearTimeout(timer)
        socket.destroy()
        resolve(Number(m[1]))
      }
    })
    socket.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      if (!/^HTTP\/1\.1 \d{3}/.test(data)) reject(new Error(`connection closed without a response: ${JSON.stringify(data)}`))
    })
    socket.end(text, 'latin1')
  })
}

/** The request of a browser-shaped preflight, for {@link send}. */
export const preflight = (origin: string, method: string, headers?: string) => ({
  method: 'OPTIONS',
  headers: {
    Origin: origin,
    'Access-Control-Request-Method': method,
    ...(headers === undefined ? {} : { 'Access-Control-Request-Headers': headers }),
  },
})

/** A request with an `Origin`, for {@link send}. */
export const from = (origin: string) => ({ headers: { Origin: origin } })

/** The comma-separated names of a header, in lower case. */
export const names = (r: Reply, header: string) =>
  (r.header(header) ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)

/** The comma-separated names of a header value, in lower case and sorted. */
export const tokens = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean)
    .sort()

/** Whether a preflight answer lets a browser send `name` (a listed name or a non-credentialed *). */
export const allowsHeader = (r: Reply, name: string) =>
  tokens(r.header('access-control-allow-headers')).includes(name) ||
  (r.header('access-control-allow-headers') === '*' && r.header('access-control-allow-credentials') !== 'true')
