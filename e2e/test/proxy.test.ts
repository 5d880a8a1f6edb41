import { once } from 'node:events'
import net from 'node:net'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { startProxy } from '../src/proxy.ts'
import { listenHttp, type Running } from '../src/servers/node-host.ts'

let proxy: Awaited<ReturnType<typeof startProxy>>
let target: Running
beforeAll(async () => {
  proxy = await startProxy()
  target = await listenHttp((_req, res) => res.end('reached'))
})
afterAll(async () => {
  await proxy?.close()
  await target?.close()
})

/** Sends `head` to the proxy and returns everything it answers until it closes or goes quiet. */
async function ask(head: string): Promise<string> {
  const socket = net.connect(proxy.port, '127.0.0.1')
  await once(socket, 'connect')
  socket.write(head)
  let answer = ''
  socket.setEncoding('utf8')
  socket.on('data', (chunk: string) => (answer += chunk))
  await Promise.race([once(socket, 'close'), new Promise((resolve) => setTimeout(resolve, 500))])
  socket.destroy()
  return answer
}

test('the proxy tunnels CONNECT to a test host to that port on 127.0.0.1', async () => {
  const answer = await ask(
    `CONNECT api.test:${target.port} HTTP/1.1\r\nhost: api.test:${target.port}\r\n\r\nGET / HTTP/1.1\r\nhost: api.test\r\nconnection: close\r\n\r\n`,
  )
  expect(answer).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n\r\nHTTP\/1\.1 200 OK/)
  expect(answer).toMatch(/reached$/)
})

test('the proxy refuses CONNECT to any host that is not a test host', async () => {
  expect(await ask('CONNECT example.com:443 HTTP/1.1\r\nhost: example.com:443\r\n\r\n')).toMatch(/^HTTP\/1\.1 403/)
})

test('the proxy forwards a plain-http request for a test host and refuses others', async () => {
  const forwarded = await ask(
    `GET http://app.example.test:${target.port}/ HTTP/1.1\r\nhost: app.example.test:${target.port}\r\nconnection: close\r\n\r\n`,
  )
  expect(forwarded).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*reached$/)
  expect(await ask('GET http://example.com/ HTTP/1.1\r\nhost: example.com\r\nconnection: close\r\n\r\n')).toMatch(/^HTTP\/1\.1 403/)
})
