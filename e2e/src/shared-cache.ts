/**
 * A real shared cache: Debian's nginx with `proxy_cache`, configured as a CDN would be, in front
 * of every corsa face and of a control peer without corsa. It runs as the current user from a
 * temporary prefix (`nginx -p <dir> -c <dir>/nginx.conf -e <dir>/error.log`), with its pid file,
 * logs, temp paths and cache in that directory, in the foreground (`daemon off`), and is stopped
 * by its process id.
 *
 * How it caches (nginx's defaults, which a CDN shares):
 * - the response's `Cache-Control` decides: `public, max-age=600` is stored, `no-store` and
 *   `private` are not, and `proxy_cache_valid 200 10m` stores a 200 that says nothing;
 * - `Vary` is honoured: one variant per value of the headers it names (nginx ≥ 1.7.7);
 * - no `proxy_ignore_headers`: every caching header of the response counts;
 * - the request's own `Cache-Control: no-cache` is ignored (no `proxy_cache_bypass`), as CDNs do by
 *   default, so a page's `fetch(url, { cache: 'no-store' })` skips the browser's cache, not this one;
 * - only GET and HEAD are cached: preflights (OPTIONS) always reach the server.
 * Every response says `X-Cache-Status: HIT` or `MISS`.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { RequestListener } from 'node:http'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { listenHttps, recording, type Running } from './servers/node-host.ts'
import type { Recorded } from './world.ts'

export const NGINX = process.env.CORSA_E2E_NGINX ?? '/usr/sbin/nginx'

/** nginx's version, or a clear error saying how to get it. */
export function requireNginx(): string {
  try {
    return execFileSync(NGINX, ['-v'], { stdio: 'pipe', encoding: 'utf8', timeout: 10_000 }).trim() || 'nginx'
  } catch (error) {
    const out = (error as { stderr?: string }).stderr ?? ''
    if (/nginx version/.test(out)) return out.trim()
    throw new Error(`The browser suite puts nginx in front of its servers as a shared cache; ${NGINX} is missing: sudo apt-get install -y nginx`)
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number }
      server.close(() => resolve(port))
    })
  })
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** A shared cache in front of several https servers: the port the browser uses for each. */
export interface SharedCache {
  /** The cache's port in front of `upstream` (a port given to `startSharedCache`). */
  portFor(upstream: number): number
  version: string
  close(): Promise<void>
}

/** The generated nginx.conf: one `server` per upstream, one cache zone for them all (the key holds the upstream). */
export function nginxConfig(dir: string, fronts: readonly { listen: number; upstream: number }[]): string {
  const user = process.getuid?.() === 0 ? 'user root root;\n' : ''
  const servers = fronts.map(
    ({ listen, upstream }) => `
  server {
    listen 127.0.0.1:${listen} ssl;
    ssl_certificate ${dir}/cert.pem;
    ssl_certificate_key ${dir}/key.pem;
    location / {
      proxy_pass https://127.0.0.1:${upstream};
      proxy_ssl_server_name on;
      proxy_ssl_name api.test;
      proxy_set_header Host $http_host;
      proxy_http_version 1.1;
      proxy_cache shared;
      proxy_cache_key $scheme$proxy_host$request_uri;
      proxy_cache_valid 200 10m;
      add_header X-Cache-Status $upstream_cache_status always;
    }
  }`,
  )
  return `${user}daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  proxy_cache_path ${dir}/cache levels=1:2 keys_zone=shared:1m max_size=64m inactive=30m use_temp_path=off;
${servers.join('\n')}
}
`
}

/** Starts nginx in front of `upstreams` (https servers on 127.0.0.1 that accept `api.test`). */
export async function startSharedCache(tls: { key: string; cert: string }, upstreams: readonly number[]): Promise<SharedCache> {
  const version = requireNginx().replace(/^nginx version: /, '')
  const dir = mkdtempSync(join(tmpdir(), 'corsa-e2e-nginx-'))
  mkdirSync(join(dir, 'tmp'))
  writeFileSync(join(dir, 'cert.pem'), tls.cert)
  writeFileSync(join(dir, 'key.pem'), tls.key, { mode: 0o600 })
  const fronts = await Promise.all(upstreams.map(async (upstream) => ({ listen: await freePort(), upstream })))
  writeFileSync(join(dir, 'nginx.conf'), nginxConfig(dir, fronts))
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += d))
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const hard = setTimeout(() => child.kill('SIGKILL'), 3000)
        child.once('exit', () => {
          clearTimeout(hard)
          resolve()
        })
        child.kill('SIGTERM')
      })
    }
    rmSync(dir, { recursive: true, force: true })
  }
  const log = () => {
    try {
      return stderr + readFileSync(join(dir, 'error.log'), 'utf8')
    } catch {
      return stderr
    }
  }
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) break
    if ((await Promise.all(fronts.map((f) => accepts(f.listen)))).every(Boolean)) {
      return {
        version,
        portFor: (upstream) => fronts.find((f) => f.upstream === upstream)!.listen,
        close,
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const failure = log()
  await close()
  throw new Error(`nginx did not start:\n${failure}`)
}

/**
 * The control peer, without corsa: it echoes any `Origin` into `Access-Control-Allow-Origin` and
 * marks its answer `Cache-Control: public, max-age=600` without `Vary: Origin`, the mistake that
 * lets a shared cache serve one origin's answer to another.
 */
export async function startPoisonablePeer(tls: { key: string; cert: string }): Promise<Running & { requests(): Recorded[] }> {
  const log: Recorded[] = []
  const listener: RequestListener = (req, res) => {
    const headers: Record<string, string> = { 'content-type': 'text/plain', 'cache-control': 'public, max-age=600' }
    if (req.headers.origin) headers['access-control-allow-origin'] = req.headers.origin
    res.writeHead(200, headers)
    res.end(`for ${req.headers.origin ?? 'no origin'}`)
  }
  const server = await listenHttps(tls, recording(log, listener))
  return { ...server, requests: () => log }
}
