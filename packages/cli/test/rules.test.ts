import { describe, expect, test } from 'vitest'
import {
  corsUnsafeRequestHeaderNames,
  isForbiddenRequestHeader,
  isSafelistedRequestHeader,
  mimeEssence,
  normalizeHeader,
  normalizeMethod,
  parseAllowList,
  preflightNeed,
  UsageError,
} from '../src/rules.js'
import { isPotentiallyTrustworthy, registrableDomain, secFetchSite } from '../src/site.js'

describe('methods', () => {
  test('fetch() upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT', () => {
    expect(['get', 'post', 'Put', 'delete', 'options', 'head'].map(normalizeMethod)).toEqual(['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'HEAD'])
  })
  test('patch stays lower-case, so it needs a preflight and an exact match', () => {
    expect(normalizeMethod('patch')).toBe('patch')
    expect(preflightNeed('patch', []).required).toBe(true)
  })
  test('CONNECT, TRACE and TRACK are refused as fetch() refuses them', () => {
    for (const m of ['CONNECT', 'trace', 'Track']) expect(() => normalizeMethod(m)).toThrow(UsageError)
  })
  test('a method that is not a token is refused', () => {
    expect(() => normalizeMethod('GET X')).toThrow(UsageError)
  })
  test('GET, HEAD and POST with no headers need no preflight', () => {
    for (const m of ['GET', 'HEAD', 'POST']) expect(preflightNeed(m, []).required).toBe(false)
  })
  test('PUT, DELETE and custom methods need a preflight', () => {
    for (const m of ['PUT', 'DELETE', 'PROPFIND']) expect(preflightNeed(m, []).required).toBe(true)
  })
})

describe('CORS-safelisted request headers', () => {
  test('the three form content types, with parameters and any case, are safelisted', () => {
    for (const v of [
      'text/plain',
      'Text/Plain;charset=utf-8',
      'text/plain;',
      'text/plain;garbage',
      'multipart/form-data',
      'application/x-www-form-urlencoded',
    ]) {
      expect(isSafelistedRequestHeader('Content-Type', v), v).toBe(true)
    }
  })
  test('application/json and a typo of the form type are not safelisted', () => {
    expect(isSafelistedRequestHeader('content-type', 'application/json')).toBe(false)
    expect(isSafelistedRequestHeader('content-type', 'application/www-form-urlencoded')).toBe(false)
  })
  test('content types the strict MIME parser rejects are not safelisted', () => {
    for (const v of ['text /plain', 'text/plain,', 'text/plain,text/plain', 'text/plain\v', 'multipart/form-data;"']) {
      expect(isSafelistedRequestHeader('content-type', v), JSON.stringify(v)).toBe(false)
    }
  })
  test('the MIME essence is lower-cased and ignores parameters', () => {
    expect(mimeEssence(' Text/HTML ; charset=x')).toBe('text/html')
    expect(mimeEssence('nope')).toBeNull()
  })
  test('Accept is safelisted unless it holds an unsafe byte', () => {
    expect(isSafelistedRequestHeader('Accept', 'application/json, */*;q=0.8')).toBe(true)
    expect(isSafelistedRequestHeader('Accept', '"')).toBe(false)
    expect(isSafelistedRequestHeader('Accept', 'a@b')).toBe(false)
  })
  test('a value over 128 bytes is never safelisted', () => {
    expect(isSafelistedRequestHeader('Accept', 'a'.repeat(128))).toBe(true)
    expect(isSafelistedRequestHeader('Accept', 'a'.repeat(129))).toBe(false)
  })
  test('Accept-Language and Content-Language allow letters, digits, space and *,-.;= only', () => {
    expect(isSafelistedRequestHeader('Accept-Language', 'fr-CH, fr;q=0.9, *;q=0.5')).toBe(true)
    expect(isSafelistedRequestHeader('Content-Language', '@')).toBe(false)
    expect(isSafelistedRequestHeader('Accept-Language', '\x01')).toBe(false)
  })
  test('Range is safelisted only as one bytes=N- or bytes=N-M range with N ≤ M', () => {
    expect(isSafelistedRequestHeader('Range', 'bytes=0-')).toBe(true)
    expect(isSafelistedRequestHeader('Range', 'bytes=10-20')).toBe(true)
    for (const v of ['bytes=-500', 'bytes=20-10', 'bytes=0-1,5-6', 'bytes 0-', 'bytes= 0-'])
      expect(isSafelistedRequestHeader('Range', v), v).toBe(false)
  })
  test('any other header name is never safelisted', () => {
    expect(isSafelistedRequestHeader('X-Requested-With', 'XMLHttpRequest')).toBe(false)
    expect(isSafelistedRequestHeader('Authorization', 'Bearer x')).toBe(false)
  })
})

describe('CORS-unsafe request-header names (Access-Control-Request-Headers)', () => {
  test('are lower-cased, de-duplicated and sorted', () => {
    expect(
      corsUnsafeRequestHeaderNames([
        ['X-B', '1'],
        ['x-a', '2'],
        ['Content-Type', 'application/json'],
        ['X-A', '3'],
      ]),
    ).toEqual(['content-type', 'x-a', 'x-b'])
  })
  test('leave out safelisted headers', () => {
    expect(
      corsUnsafeRequestHeaderNames([
        ['Accept', '*/*'],
        ['Content-Language', 'fr'],
        ['X-Custom', '1'],
      ]),
    ).toEqual(['x-custom'])
  })
  test('take in every safelisted header once their values add up to more than 1024 bytes', () => {
    const headers: [string, string][] = [
      ['Accept', 'a'.repeat(128)],
      ['Accept-Language', 'b'.repeat(128)],
      ...Array.from({ length: 7 }, (): [string, string] => ['Content-Language', 'c'.repeat(128)]),
    ]
    expect(corsUnsafeRequestHeaderNames(headers)).toEqual(['accept', 'accept-language', 'content-language'])
    expect(corsUnsafeRequestHeaderNames(headers.slice(0, 8))).toEqual([])
  })
  test('leave out forbidden headers, which a page cannot set', () => {
    expect(
      corsUnsafeRequestHeaderNames([
        ['Cookie', 'a=b'],
        ['Sec-Foo', '1'],
        ['Proxy-X', '1'],
      ]),
    ).toEqual([])
  })
  test('the preflight need names the reasons', () => {
    const need = preflightNeed('PUT', [['Content-Type', 'application/json']])
    expect(need).toMatchObject({ required: true, method: 'PUT', headers: ['content-type'] })
    expect(need.reasons.join('\n')).toMatch(/content-type has a value that is not safelisted/)
  })
})

describe('forbidden request headers', () => {
  test('names the browser controls, and the proxy- and sec- prefixes', () => {
    for (const n of ['Cookie', 'Origin', 'Host', 'Referer', 'Sec-Fetch-Site', 'Proxy-Authorization', 'Content-Length']) {
      expect(isForbiddenRequestHeader(n, 'x'), n).toBe(true)
    }
    expect(isForbiddenRequestHeader('Authorization', 'x')).toBe(false)
  })
  test('method-override headers only when they name a forbidden method', () => {
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'TRACE')).toBe(true)
    expect(isForbiddenRequestHeader('X-HTTP-Method-Override', 'DELETE')).toBe(false)
  })
})

describe('header input', () => {
  test('values lose leading and trailing whitespace as Headers does', () => {
    expect(normalizeHeader('X-A', '  1 \t')).toEqual(['X-A', '1'])
  })
  test('an invalid name or a value with CR or LF is a usage error', () => {
    expect(() => normalizeHeader('X A', '1')).toThrow(UsageError)
    expect(() => normalizeHeader('X-A', '1\r\n2')).toThrow(UsageError)
  })
})

describe('Access-Control-Allow-Methods / -Headers parsing', () => {
  test('trims elements and skips empty ones, keeping case', () => {
    expect(parseAllowList(' GET ,, PATCH,x-A ')).toEqual(['GET', 'PATCH', 'x-A'])
  })
  test('an element that is not a token fails the whole list', () => {
    expect(parseAllowList('GET, BAD METHOD')).toBeNull()
  })
  test('an absent header is an empty list', () => {
    expect(parseAllowList(null)).toEqual([])
  })
})

describe('sites and fetch metadata', () => {
  test('the registrable domain keeps two labels, three under co.uk-style suffixes', () => {
    expect(registrableDomain('api.example.com')).toBe('example.com')
    expect(registrableDomain('a.b.example.co.uk')).toBe('example.co.uk')
    expect(registrableDomain('localhost')).toBe('localhost')
    expect(registrableDomain('127.0.0.1')).toBe('127.0.0.1')
  })
  test('Sec-Fetch-Site is same-origin, same-site or cross-site over the whole URL list', () => {
    const u = (s: string): URL => new URL(s)
    expect(secFetchSite('https://app.example.com', [u('https://app.example.com/x')])).toBe('same-origin')
    expect(secFetchSite('https://app.example.com', [u('https://api.example.com/x')])).toBe('same-site')
    expect(secFetchSite('http://localhost:3000', [u('http://localhost:4000/x')])).toBe('same-site')
    expect(secFetchSite('http://127.0.0.1:3000', [u('http://localhost:3000/x')])).toBe('cross-site')
    expect(secFetchSite('http://app.example.com', [u('https://app.example.com/x')])).toBe('cross-site')
    expect(secFetchSite('https://a.example.com', [u('https://b.example.com/'), u('https://evil.test/')])).toBe('cross-site')
  })
  test('Sec-Fetch-* go only to potentially trustworthy URLs', () => {
    expect(isPotentiallyTrustworthy(new URL('https://example.com'))).toBe(true)
    expect(isPotentiallyTrustworthy(new URL('http://localhost:3000'))).toBe(true)
    expect(isPotentiallyTrustworthy(new URL('http://127.0.0.1:3000'))).toBe(true)
    expect(isPotentiallyTrustworthy(new URL('http://192.168.1.2'))).toBe(false)
  })
})
