import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { preflight, send } from '@corsa/testkit/fetch'
import { type RunningServer, startServer } from '@corsa/testkit/process'
import { websocketEcho } from '@corsa/testkit/websocket'

// The example quoted in docs/deno.md, served by the real deno binary with @corsa/deno mapped to dist.
const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const deno = join(dirname(createRequire(import.meta.url).resolve('deno/package.json')), 'deno')
const APP = 'https://app.example.com'

let server: RunningServer
let base: string

beforeAll(async () => {
  server = await startServer(deno, ['run', '--config', 'test/deno.run.json', '--allow-net=127.0.0.1', '--allow-env=PORT', 'examples/server.ts'], {
    cwd: root,
    env: { PORT: '0' },
  })
  base = `http://127.0.0.1:${server.info.port}`
})

afterAll(() => server?.stop())

test('the docs example answers a preflight', async () => {
  const res = await preflight(`${base}/whoami`, APP, 'DELETE')
  expect(res.status).toBe(204)
  expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  expect(res.headers.get('access-control-allow-credentials')).toBe('true')
})

test('the docs example forwards info and decorates the response', async () => {
  const res = await send(`${base}/whoami`, { headers: { origin: 'https://admin.example.com' } })
  expect(await res.json()).toEqual({ address: '127.0.0.1' })
  expect(res.headers.get('access-control-allow-origin')).toBe('https://admin.example.com')
})

test("the docs example's onError response carries CORS headers", async () => {
  const res = await send(`${base}/fail`, { headers: { origin: APP } })
  expect(res.status).toBe(500)
  expect(await res.json()).toEqual({ error: 'Error: database is down' })
  expect(res.headers.get('access-control-allow-origin')).toBe(APP)
})

test("the docs example's websocket connects and echoes", async () => {
  expect(await websocketEcho(`ws://127.0.0.1:${server.info.port}/chat`, 'hi')).toBe('echo: hi')
})

test('docs/deno.md quotes the example verbatim', async () => {
  const [doc, example] = await Promise.all([readFile(join(root, '../../docs/deno.md'), 'utf8'), readFile(join(root, 'examples/server.ts'), 'utf8')])
  expect(doc).toContain('```ts\n' + example + '```')
})
