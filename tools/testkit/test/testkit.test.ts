/** The helpers that other packages' tests rely on, proved against real processes and sockets. */
import { spawn } from 'node:child_process'
import { createServer } from 'node:http'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readRest, send, sendFrom, startUpstream, type Upstream } from '../src/fetch.js'
import { heldStream } from '../src/fixtures.js'
import { listen, type Running, send as sendHttp, sendRaw } from '../src/node-http.js'
import { killBounded, startServer } from '../src/process.js'

const node = process.execPath

describe('startServer', () => {
  test('resolves with the first JSON line the process prints, after other output', async () => {
    const server = await startServer(node, [
      '-e',
      'console.log("starting"); console.log(JSON.stringify({ port: 1234 })); setInterval(() => {}, 1000)',
    ])
    try {
      expect(server.info).toEqual({ port: 1234 })
      expect(server.output()).toContain('starting')
    } finally {
      await server.stop()
    }
  })

  test('rejects with the output when the process exits before reporting its port', async () => {
    await expect(startServer(node, ['-e', 'console.error("no port for you"); process.exit(3)'])).rejects.toThrow(/exited \(3\)[\s\S]*no port for you/)
  })

  test('rejects when no port is reported in time', async () => {
    const started = Date.now()
    await expect(startServer(node, ['-e', 'setInterval(() => {}, 1000)'], { timeoutMs: 300 })).rejects.toThrow(
      /did not report its port within 300 ms/,
    )
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

test('killBounded ends a process that ignores SIGTERM', async () => {
  const child = spawn(node, ['-e', 'process.on("SIGTERM", () => {}); console.log("ready"); setInterval(() => {}, 1000)'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  await new Promise((resolve) => child.stdout.once('data', resolve))
  await killBounded(child)
  expect(child.signalCode).toBe('SIGKILL')
})

describe('HTTP helpers', () => {
  let server: Running
  let upstream: Upstream
  beforeAll(async () => {
    server = await listen(
      createServer((req, res) => {
        res.setHeader('set-cookie', ['a=1', 'b=2'])
        res.setHeader('access-control-allow-origin', String(req.headers.origin))
        res.end(`${req.method} ${req.headers['access-control-request-method'] ?? '-'}`)
      }),
    )
    upstream = await startUpstream()
  })
  afterAll(async () => {
    await server?.close()
    await upstream?.close()
  })

  test('a raw reply keeps one entry per header line and lists the Access-Control-* names', async () => {
    const reply = await sendHttp(server.url, '/', { headers: { origin: 'https://a.test' } })
    expect(reply.lines.get('set-cookie')).toEqual(['a=1', 'b=2'])
    expect(reply.header('set-cookie')).toBe('a=1, b=2')
    expect(reply.cors()).toEqual(['access-control-allow-origin'])
  })

  test('sendRaw gets the status of a request that Node’s own client refuses to send', async () => {
    expect(await sendRaw(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n')).toBe(400)
  })

  test('sendFrom sends an Origin only when one is given', async () => {
    expect((await sendFrom(server.url, 'https://a.test')).headers.get('access-control-allow-origin')).toBe('https://a.test')
    expect((await sendFrom(server.url)).headers.get('access-control-allow-origin')).toBe('undefined')
  })

  test('the upstream answers 203 with its own status text, headers and body', async () => {
    const res = await send(upstream.url)
    expect([res.status, res.statusText, res.headers.get('x-upstream')]).toEqual([203, 'Upstream Says Hi', 'yes'])
    expect(await res.text()).toBe('upstream body for /upstream')
  })
})

test('heldStream sends its second chunk only after release()', async () => {
  const stream = heldStream()
  const reader = stream.response().body!.getReader()
  expect(new TextDecoder().decode((await reader.read()).value)).toBe('first chunk;')
  const rest = readRest(reader)
  const early = await Promise.race([rest.then(() => 'finished'), new Promise((resolve) => setTimeout(resolve, 100, 'held'))])
  expect(early).toBe('held')
  expect(await stream.release().text()).toBe('released')
  expect(await rest).toBe('second chunk')
})
