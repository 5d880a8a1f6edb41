import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { preflight, send, startUpstream, type Upstream } from '@corsa/testkit/fetch'
import { type RunningWorker, startWorker } from './workerd.js'

// The example quoted in docs/workers.md, bundled by esbuild and served by workerd.
const APP = 'https://app.example.com'
let worker: RunningWorker
let upstream: Upstream

beforeAll(async () => {
  upstream = await startUpstream()
  worker = await startWorker('src/example.ts', { API_ORIGIN: new URL(upstream.url).origin })
})

afterAll(async () => {
  await worker?.stop()
  await upstream?.close()
})

test('the docs example answers a preflight', async () => {
  const res = await preflight(`${worker.url}/api/hello`, APP, 'POST', 'content-type')
  expect(res.status).toBe(204)
  expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  expect(res.headers.get('access-control-allow-credentials')).toBe('true')
})

test('the docs example decorates its own response', async () => {
  const res = await send(`${worker.url}/api/hello`, { headers: { origin: APP } })
  expect(await res.json()).toEqual({ hello: 'world' })
  expect(res.headers.get('access-control-allow-origin')).toBe(APP)
})

test("the docs example passes the upstream's response through with CORS headers", async () => {
  const res = await send(`${worker.url}/upstream`, { headers: { origin: 'https://eu.example.com' } })
  expect(res.status).toBe(203)
  expect(await res.text()).toBe('upstream body for /upstream')
  expect(res.headers.get('access-control-allow-origin')).toBe('https://eu.example.com')
  expect(res.headers.get('access-control-allow-credentials')).toBe('true')
})

test('docs/workers.md quotes the example verbatim', async () => {
  const [doc, example] = await Promise.all([
    readFile(new URL('../../../docs/workers.md', import.meta.url), 'utf8'),
    readFile(new URL('../src/example.ts', import.meta.url), 'utf8'),
  ])
  expect(doc).toContain('```ts\n' + example + '```')
})
