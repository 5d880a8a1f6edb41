import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { preflight, send } from '@corsa/testkit/fetch'
import { type RunningServer, startServer } from '@corsa/testkit/process'
import { websocketEcho } from '@corsa/testkit/websocket'

// The example quoted in docs/bun.md, served by the real bun binary.
const bun = join(dirname(createRequire(import.meta.url).resolve('bun/package.json')), 'bin', 'bun.exe')
const APP = 'https://app.example.com'

let server: RunningServer
let base: string

beforeAll(async () => {
  server = await startServer(bun, ['examples/server.ts'], { cwd: join(dirname(fileURLToPath(import.meta.url)), '..'), env: { PORT: '0' } })
  base = `http://127.0.0.1:${server.info.port}`
})

afterAll(() => server?.stop())

test('the docs example answers the preflight of its per-method route', async () => {
  const res = await preflight(`${base}/api/items`, APP, 'POST', 'content-type')
  expect(res.status).toBe(204)
  expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  expect(res.headers.get('access-control-allow-credentials')).toBe('true')
})

test('the docs example decorates its static route and its POST', async () => {
  const health = await send(`${base}/health`, { headers: { origin: 'https://admin.example.com' } })
  expect(await health.text()).toBe('ok')
  expect(health.headers.get('access-control-allow-origin')).toBe('https://admin.example.com')
  const post = await send(`${base}/api/items`, { method: 'POST', headers: { origin: APP }, body: '{"name":"second"}' })
  expect(post.status).toBe(201)
  expect(post.headers.get('access-control-allow-origin')).toBe(APP)
})

test('the docs example refuses an unknown origin and keeps its websocket', async () => {
  const res = await send(`${base}/api/items/1`, { headers: { origin: 'https://evil.test' } })
  expect(await res.json()).toEqual({ id: 1, name: 'first' })
  expect(res.headers.get('access-control-allow-origin')).toBeNull()
  expect(await websocketEcho(`ws://127.0.0.1:${server.info.port}/chat`, 'hi')).toBe('echo: hi')
})

test('docs/bun.md quotes the example verbatim', async () => {
  const { readFile } = await import('node:fs/promises')
  const root = join(dirname(fileURLToPath(import.meta.url)), '..')
  const [doc, example] = await Promise.all([readFile(join(root, '../../docs/bun.md'), 'utf8'), readFile(join(root, 'examples/server.ts'), 'utf8')])
  expect(doc).toContain('```ts\n' + example + '```')
})
