/**
 * Host mapping for Firefox and WebKit, which cannot remap a host's port the way Chromium's
 * `--host-resolver-rules` does: a tiny forward proxy on 127.0.0.1 that tunnels `CONNECT
 * <test host>:<port>` to `127.0.0.1:<port>` and forwards plain-http requests for test hosts (the
 * one `http://` page) the same way. Anything else is refused, so no request leaves the machine.
 * The browser still speaks TLS end to end with our servers: its HTTP cache stays on.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import net from 'node:net'
import type { Running } from './servers/node-host.ts'
import { HOSTS } from './world.ts'

const TEST_HOSTS: ReadonlySet<string> = new Set(HOSTS)

/** `host:port` of a test host, or undefined for anything else. */
function target(authority: string): { host: string; port: number } | undefined {
  const m = /^([a-z0-9.-]+):(\d{1,5})$/i.exec(authority)
  if (!m || !TEST_HOSTS.has(m[1]!.toLowerCase())) return undefined
  return { host: m[1]!.toLowerCase(), port: Number(m[2]) }
}

/** Starts the proxy; `connects` counts the tunnels it opened (a test can check it was used). */
export function startProxy(): Promise<Running & { connects(): number }> {
  let connects = 0
  const sockets = new Set<net.Socket>()
  const server = http.createServer((req, res) => {
    // Absolute-form requests (`GET http://app.example.test:1234/ HTTP/1.1`) for plain-http pages.
    let url: URL | undefined
    try {
      url = new URL(req.url ?? '')
    } catch {}
    const to = url?.protocol === 'http:' ? target(url.host) : undefined
    if (!url || !to) {
      res.writeHead(403, { 'content-type': 'text/plain', connection: 'close' }).end('not a test host')
      return
    }
    const upstream = http.request(
      { host: '127.0.0.1', port: to.port, method: req.method, path: url.pathname + url.search, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.rawHeaders)
        answer.pipe(res)
      },
    )
    upstream.on('error', () => res.destroy())
    req.pipe(upstream)
  })
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    const to = target(req.url ?? '')
    if (!to) {
      client.end('HTTP/1.1 403 Forbidden\r\nconnection: close\r\n\r\n')
      return
    }
    connects++
    const upstream = net.connect(to.port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(client).add(upstream)
    const drop = () => {
      client.destroy()
      upstream.destroy()
      sockets.delete(client)
      sockets.delete(upstream)
    }
    upstream.on('error', drop).on('close', drop)
    client.on('error', drop).on('close', drop)
  })
  server.keepAliveTimeout = 2_000
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        connects: () => connects,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy()
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}
