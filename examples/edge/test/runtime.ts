/**
 * Starts a real runtime process with a server script, waits (bounded) for the line in which it
 * reports its port, and kills it (bounded) at the end. Also small HTTP helpers that only
 * ever talk to 127.0.0.1.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface RunningServer {
  /** The JSON object the script printed on its first line starting with `{`. */
  info: Record<string, unknown>
  /** Everything the process wrote so far (stdout + stderr), for failure messages. */
  output(): string
  stop(): Promise<void>
}

/** Spawns `command args`, resolves with the first JSON line printed on stdout (within `timeoutMs`). */
export function startServer(
  command: string,
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RunningServer> {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const stop = () => killBounded(child)
  return new Promise<RunningServer>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop()
      reject(new Error(`${command} did not report its port within ${options.timeoutMs ?? 20000} ms:\n${output}`))
    }, options.timeoutMs ?? 20000)
    let buffered = ''
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk
    })
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk
      buffered += chunk
      const line = buffered.split('\n').find((l) => l.trimStart().startsWith('{') && l.trimEnd().endsWith('}'))
      if (line === undefined) return
      buffered = ''
      clearTimeout(timer)
      resolve({ info: JSON.parse(line) as Record<string, unknown>, output: () => output, stop })
    })
    child.on('error', (error) => {
      clearTimeout(timer)
      reject(error)
    })
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`${command} exited (${code ?? signal}) before reporting its port:\n${output}`))
    })
  })
}

/** SIGTERM, then SIGKILL after 3 s; resolves when the process is gone. */
export function killBounded(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(hard)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/** A plain HTTP request (redirects not followed), bounded to 10 s. */
export function send(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Response> {
  return fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(10000) })
}

/** A browser-shaped preflight. */
export function preflight(url: string, origin: string, method = 'PUT', requestHeaders?: string): Promise<Response> {
  const headers: Record<string, string> = { origin, 'access-control-request-method': method }
  if (requestHeaders !== undefined) headers['access-control-request-headers'] = requestHeaders
  return send(url, { method: 'OPTIONS', headers })
}

/** The response's `Access-Control-*` and `Vary` fields as a plain object. */
export function corsHeaders(response: Response): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of response.headers) if (name.startsWith('access-control-') || name === 'vary') out[name] = value
  return out
}

/**
 * An upstream server on 127.0.0.1 for `fetch()` pass-through: `GET /upstream` answers 203 with
 * its own headers (an `access-control-allow-origin` that corsa must replace) and a body.
 */
export async function startUpstream(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.writeHead(203, 'Upstream Says Hi', {
      'content-type': 'text/plain',
      'x-upstream': 'yes',
      'access-control-allow-origin': 'https://stale.example.org',
      vary: 'Accept-Encoding',
    })
    res.end(`upstream body for ${req.url}`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/upstream`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
