// Node-only: a real upstream server, fetched for real, gives a response with immutable headers.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { withCors } from '../src/index.js'
import { request } from './helpers.js'

const APP = 'https://app.example.com'
let server: Server
let upstream: string

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.statusCode = 418
    res.statusMessage = 'Short And Stout'
    res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/'])
    res.setHeader('vary', 'Accept')
    res.setHeader('access-control-allow-origin', '*')
    res.write('first,')
    setTimeout(() => res.end('second'), 50)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  upstream = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

test('a fetch() pass-through keeps status, status text, every Set-Cookie line and the streamed body', async () => {
  const proxy = withCors(() => fetch(upstream), { origin: APP })
  const res = (await proxy(request(APP))) as Response
  expect(res.status).toBe(418)
  expect(res.statusText).toBe('Short And Stout')
  expect(res.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; Path=/'])
  expect(res.headers.get('vary')).toBe('Accept, Origin')
  expect(res.headers.get('access-control-allow-origin')).toBe(APP)
  expect(await res.text()).toBe('first,second')
})

test("a fetch() pass-through from a refused origin loses the upstream's Access-Control-Allow-Origin", async () => {
  const proxy = withCors(() => fetch(upstream), { origin: APP })
  const res = (await proxy(request('https://evil.test'))) as Response
  expect(res.headers.get('access-control-allow-origin')).toBeNull()
  await res.arrayBuffer()
})
