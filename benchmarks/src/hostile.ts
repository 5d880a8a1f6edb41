/**
 * What the worst requests an attacker can send cost corsa: the longest `Origin` and
 * `Access-Control-Request-Headers` under corsa's caps, and 1 MB headers past them. Each is timed
 * through `withCors` and through a handler that only reads the same headers (what any server
 * does), interleaved; the difference is corsa's own work.
 */
import { withCors } from '@corsa/core'
import { interleaved, type MeasureOptions } from './measure.js'
import { ALLOW_HEADERS, ALLOWED, MAX_AGE, METHODS, SUBDOMAIN_PATTERN } from './workloads.js'

export interface HostileRow {
  id: string
  title: string
  /** Median ns through withCors. */
  corsa: number
  /** Median ns of reading the same headers and calling the handler. */
  read: number
  /** The bound corsa's own work must stay within, in ns. */
  bound: number
}

/** The longest host DNS allows (253 characters), and corsa's caps on Access-Control-Request-Headers (packages/core/src/engine/fetch-rules.ts). */
const MAX_HOST_LENGTH = 253
const MAX_REQUESTED_NAMES = 64
const MAX_REQUESTED_BYTES = 4096
const ONE_MB = 1024 * 1024

/** An https origin whose host, under example.com, is the longest DNS allows: labels of up to 63 characters. */
function longOrigin(): string {
  const suffix = '.example.com'
  let host = ''
  while (host.length + suffix.length < MAX_HOST_LENGTH) {
    const room = MAX_HOST_LENGTH - host.length - suffix.length - (host ? 1 : 0)
    host += `${host ? '.' : ''}${'a'.repeat(Math.min(63, room))}`
  }
  return `https://${host}${suffix}`
}

/** 64 distinct names, none allowed, as long as the byte cap lets them be. */
function longRequestHeaders(): string {
  const each = Math.floor((MAX_REQUESTED_BYTES - 2 * (MAX_REQUESTED_NAMES - 1)) / MAX_REQUESTED_NAMES)
  return Array.from({ length: MAX_REQUESTED_NAMES }, (_, i) => `x-${String(i).padStart(2, '0')}-${'h'.repeat(each - 5)}`).join(', ')
}

interface Case {
  id: string
  title: string
  method: 'GET' | 'OPTIONS'
  headers: Record<string, string>
  bound: number
}

function cases(): Case[] {
  const origin = longOrigin()
  const acrh = longRequestHeaders()
  const big = 'a'.repeat(ONE_MB)
  return [
    {
      id: 'max-preflight',
      title: `preflight: a ${origin.length}-character Origin a pattern allows, ${MAX_REQUESTED_NAMES} requested headers in ${acrh.length} bytes`,
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': acrh },
      bound: 50_000,
    },
    {
      id: 'max-origin',
      title: `GET: a ${origin.length}-character Origin a pattern allows`,
      method: 'GET',
      headers: { origin },
      bound: 50_000,
    },
    {
      id: 'mb-origin',
      title: 'GET: a 1 MB Origin',
      method: 'GET',
      headers: { origin: `https://${big}.example.com` },
      bound: 10_000,
    },
    {
      id: 'mb-request-headers',
      title: 'preflight: an allowed Origin, 1 MB of Access-Control-Request-Headers',
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'PUT', 'access-control-request-headers': big },
      bound: 10_000,
    },
  ]
}

export async function runHostile(options: MeasureOptions): Promise<HostileRow[]> {
  const handler = () => new Response(null, { status: 200, headers: { 'content-type': 'text/plain;charset=UTF-8' } })
  const policy = { origin: [ALLOWED, SUBDOMAIN_PATTERN], credentials: true, allowMethods: METHODS, allowHeaders: ALLOW_HEADERS, maxAge: MAX_AGE }
  const corsa = withCors(handler, policy) as (request: Request) => Response
  // What a server does with these headers anyway: read them.
  const read = (request: Request) => {
    const h = request.headers
    h.get('origin')
    h.get('access-control-request-method')
    h.get('access-control-request-headers')
    return handler()
  }
  const all = cases()
  const benches = all.flatMap((c) => {
    const request = new Request('http://localhost/', { method: c.method, headers: c.headers })
    return [
      { id: `${c.id}\tcorsa`, fn: () => corsa(request) },
      { id: `${c.id}\tread`, fn: () => read(request) },
    ]
  })
  const timings = await interleaved(benches, { ...options, warmup: Math.min(options.warmup, 500) })
  return all.map((c) => ({
    id: c.id,
    title: c.title,
    corsa: timings.get(`${c.id}\tcorsa`)!.median,
    read: timings.get(`${c.id}\tread`)!.median,
    bound: c.bound,
  }))
}
