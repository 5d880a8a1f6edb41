/**
 * `corsa check` end to end against local servers: the built bin for exit codes and output, and
 * main() (the same code, in process) for each classic mistake.
 */
import { execFile } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { CheckResult } from '../src/check.js'
import { main } from '../src/main.js'
import { type Servers, startServers } from './servers.js'

const BIN = fileURLToPath(new URL('../dist/cli.js', import.meta.url))
const run = promisify(execFile)

let s: Servers
beforeAll(async () => {
  s = await startServers()
})
afterAll(async () => {
  await s?.close()
})

/** Runs main() in process and returns the exit status and the parsed --json output. */
async function json(...args: string[]): Promise<{ code: number; result: CheckResult }> {
  let out = ''
  const code = await main([...args, '--json'], { stdout: (t) => void (out += t), stderr: () => {} })
  return { code, result: JSON.parse(out) as CheckResult }
}

/** Runs the built bin. */
async function bin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 15_000 })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string }
    return { code: e.code, stdout: e.stdout, stderr: e.stderr }
  }
}

describe('the bin', () => {
  test('exits 0 and prints ALLOWED when the page may read the response', async () => {
    const r = await bin('check', `${s.corsa}/data`, '--origin', s.page)
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/ALLOWED: the page can read the response \(status 200\)/)
    expect(r.stdout).toMatch(/Sec-Fetch-Site: cross-site/)
  })

  test('exits 1 and prints the console message and a fix when the browser blocks', async () => {
    const r = await bin('check', `${s.mistakes}/trailing-slash`, '--origin', s.page)
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`has a value '${s.page}/' that is not equal to the supplied origin.`)
    expect(r.stdout).toMatch(/fix: +Remove the trailing slash/)
  })

  test('exits 2 with a usage error when --origin is missing', async () => {
    const r = await bin('check', `${s.corsa}/data`)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/usage error: missing --origin/)
  })

  test('exits 2 with a usage error for an origin written with a trailing slash', async () => {
    const r = await bin('check', `${s.corsa}/data`, '--origin', `${s.page}/`)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`use '${s.page}'`)
  })

  test('exits 2 with a network error when nothing listens', async () => {
    const closed = createServer().listen(0, '127.0.0.1')
    await once(closed, 'listening')
    const port = (closed.address() as AddressInfo).port
    await new Promise((r) => closed.close(r))
    const r = await bin('check', `http://127.0.0.1:${port}/`, '--origin', s.page, '--json')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/network error: connection refused/)
    expect(JSON.parse(r.stdout)).toMatchObject({ allowed: null, error: { kind: 'network' } })
  })

  test('--json prints one object with the verdict, the preflight and every step', async () => {
    const r = await bin('check', `${s.corsa}/data`, '--origin', s.page, '-X', 'PUT', '-H', 'Content-Type: application/json', '--json')
    expect(r.code).toBe(0)
    const result = JSON.parse(r.stdout) as CheckResult
    expect(result).toMatchObject({
      allowed: true,
      message: null,
      cause: null,
      fix: null,
      preflight: { required: true, sent: true, status: 204, allowed: true },
    })
    expect(result.steps.map((x) => [x.kind, x.request.method, x.response?.status])).toEqual([
      ['preflight', 'OPTIONS', 204],
      ['request', 'PUT', 200],
    ])
    expect(result.steps[0]!.request.headers).toEqual(
      expect.arrayContaining([
        ['Access-Control-Request-Method', 'PUT'],
        ['Access-Control-Request-Headers', 'content-type'],
        ['Origin', s.page],
        ['Sec-Fetch-Mode', 'cors'],
        ['Sec-Fetch-Dest', 'empty'],
        ['Accept', '*/*'],
      ]),
    )
  })
})

describe('a timeout', () => {
  test('a server that never answers is a network error after --timeout, not a hang', async () => {
    const silent = createServer(() => {}).listen(0, '127.0.0.1')
    await once(silent, 'listening')
    try {
      const started = Date.now()
      const { code, result } = await json(
        'check',
        `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`,
        '--origin',
        s.page,
        '--timeout',
        '300',
      )
      expect(code).toBe(2)
      expect(result).toMatchObject({ error: { kind: 'network' } })
      expect(Date.now() - started).toBeLessThan(3_000)
    } finally {
      silent.closeAllConnections()
      silent.close()
    }
  })
})

describe('real CORS libraries', () => {
  test('corsa: a credentialed PUT with JSON and Authorization passes its preflight', async () => {
    const { code, result } = await json(
      'check',
      `${s.corsa}/data`,
      '--origin',
      s.page,
      '-X',
      'PUT',
      '-H',
      'Content-Type: application/json',
      '-H',
      'Authorization: Bearer t',
      '--credentials',
    )
    expect(code).toBe(0)
    expect(result.preflight).toMatchObject({ sent: true, allowed: true })
  })

  test('corsa: a credentialed cross-site response setting a cookie without SameSite=None gets a warning', async () => {
    const { result } = await json('check', `${s.corsa}/data`, '--origin', s.page, '--credentials')
    expect(result.warnings.map((w) => w.code)).toContain('cookie-dropped')
  })

  test('cors (express): lower-case patch is refused by its PATCH list, naming the method', async () => {
    const { code, result } = await json('check', `${s.cors}/data`, '--origin', s.page, '-X', 'patch')
    expect(code).toBe(1)
    expect(result.cause).toBe('method-not-allowed')
    expect(result.message).toMatch(/Method patch is not allowed by Access-Control-Allow-Methods in preflight response\.$/)
    expect(result.fix).toMatch(/case-sensitive/)
  })

  test('cors (express): a preflight with no Access-Control-Max-Age gets a warning', async () => {
    const { code, result } = await json('check', `${s.cors}/data`, '--origin', s.page, '-H', 'X-Custom: 1')
    expect(code).toBe(0)
    expect(result.warnings.map((w) => w.code)).toContain('no-max-age')
  })

  test('hono/cors: a header outside allowHeaders is refused, naming the header', async () => {
    const { code, result } = await json('check', `${s.hono}/data`, '--origin', s.page, '-H', 'X-Other: 1')
    expect(code).toBe(1)
    expect(result).toMatchObject({ cause: 'header-not-allowed', preflight: { sent: true, allowed: false } })
    expect(result.message).toContain('Request header field x-other is not allowed')
  })

  test('another origin gets no Access-Control-Allow-Origin from corsa', async () => {
    const { code, result } = await json('check', `${s.corsa}/data`, '--origin', 'https://evil.example')
    expect(code).toBe(1)
    expect(result.cause).toBe('missing-allow-origin')
  })
})

describe('classic mistakes', () => {
  test("'*' with credentials is refused", async () => {
    const { code, result } = await json('check', `${s.mistakes}/star-credentials`, '--origin', s.page, '--credentials')
    expect(code).toBe(1)
    expect(result.cause).toBe('wildcard-origin-with-credentials')
    expect(result.fix).toContain(`'Access-Control-Allow-Origin: ${s.page}'`)
  })

  test('two Access-Control-Allow-Origin values are refused, quoting both', async () => {
    const { code, result } = await json('check', `${s.mistakes}/two-origins`, '--origin', s.page)
    expect(code).toBe(1)
    expect(result.cause).toBe('multiple-allow-origin')
    expect(result.message).toContain(`multiple values '${s.page}, https://admin.example.com'`)
  })

  test('a trailing slash in the allowed origin is refused', async () => {
    const { result } = await json('check', `${s.mistakes}/trailing-slash`, '--origin', s.page)
    expect(result.cause).toBe('allow-origin-mismatch')
  })

  test('a 401 on the preflight is refused for its status', async () => {
    const { code, result } = await json('check', `${s.mistakes}/preflight-401`, '--origin', s.page, '-H', 'Authorization: Bearer t')
    expect(code).toBe(1)
    expect(result).toMatchObject({ cause: 'preflight-status', preflight: { sent: true, status: 401, allowed: false } })
    expect(result.message).toMatch(/Response to preflight request doesn't pass access control check: It does not have HTTP ok status\.$/)
  })

  test('a 404 on the preflight without CORS headers is refused for the missing header', async () => {
    const { result } = await json('check', `${s.mistakes}/preflight-404`, '--origin', s.page, '-X', 'DELETE')
    expect(result).toMatchObject({ cause: 'missing-allow-origin', preflight: { status: 404 } })
    expect(result.fix).toMatch(/OPTIONS never reached the CORS code/)
  })

  test('a redirect on the preflight is refused', async () => {
    const { code, result } = await json('check', `${s.mistakes}/preflight-redirect`, '--origin', s.page, '-X', 'PUT')
    expect(code).toBe(1)
    expect(result.cause).toBe('preflight-redirect')
    expect(result.message).toMatch(/Redirect is not allowed for a preflight request\.$/)
  })

  test('a simple GET to the same URL is refused too: the 301 itself carries no CORS headers', async () => {
    const { code, result } = await json('check', `${s.mistakes}/preflight-redirect`, '--origin', s.page)
    expect(code).toBe(1)
    expect(result.cause).toBe('missing-allow-origin')
  })

  test('Access-Control-Allow-Methods without lower-case patch refuses patch', async () => {
    const { result } = await json('check', `${s.mistakes}/upper-methods`, '--origin', s.page, '-X', 'patch')
    expect(result.cause).toBe('method-not-allowed')
  })

  test("Access-Control-Allow-Headers '*' does not cover Authorization with credentials", async () => {
    const { code, result } = await json('check', `${s.mistakes}/star-headers`, '--origin', s.page, '-H', 'Authorization: Bearer t', '--credentials')
    expect(code).toBe(1)
    expect(result.cause).toBe('header-not-allowed')
    expect(result.message).toContain('Request header field authorization is not allowed')
  })

  test("Access-Control-Allow-Headers '*' relied on for Authorization passes in Chromium, with a warning", async () => {
    const { code, result } = await json('check', `${s.mistakes}/star-headers`, '--origin', s.page, '-H', 'Authorization: Bearer t')
    expect(code).toBe(0)
    expect(result.warnings.map((w) => w.code)).toContain('allow-headers-wildcard')
  })

  test('an echoed origin without Vary: Origin passes, with a warning', async () => {
    const { code, result } = await json('check', `${s.mistakes}/no-vary`, '--origin', s.page)
    expect(code).toBe(0)
    expect(result.warnings.map((w) => w.code)).toEqual(['vary-origin'])
  })
})

describe('redirects', () => {
  test("a redirect to another server turns the Origin into 'null'", async () => {
    const to = `${s.cors}/data`
    const { code, result } = await json('check', `${s.corsa}/redirect?to=${encodeURIComponent(to)}`, '--origin', s.page)
    expect(code).toBe(1)
    expect(result.steps[1]!.request.headers).toContainEqual(['Origin', 'null'])
    expect(result.message).toContain(`(redirected from '${s.corsa}/redirect`)
    expect(result.fix).toMatch(/turned the request's Origin into 'null'/)
  })

  test('a 307 after a preflight is preflighted again at the new URL', async () => {
    const to = `${s.corsa}/data?x=1`
    const { code, result } = await json(
      'check',
      `${s.corsa}/redirect?status=307&to=${encodeURIComponent(to)}`,
      '--origin',
      s.page,
      '-X',
      'PUT',
      '-H',
      'Content-Type: application/json',
    )
    expect(code).toBe(0)
    expect(result.steps.map((x) => x.kind)).toEqual(['preflight', 'request', 'preflight', 'request'])
    expect(result.preflight.count).toBe(2)
  })

  test('a redirect to a URL with a user name and password is refused', async () => {
    const to = `${s.mistakes.replace('//', '//u:p@')}/public`
    const { result } = await json('check', `${s.mistakes}/cors-redirect?to=${encodeURIComponent(to)}`, '--origin', s.page)
    expect(result.cause).toBe('redirect-credentials')
  })
})
