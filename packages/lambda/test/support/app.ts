/** The conformance routes as one Lambda handler, wrapped with corsa as users wrap it, behind each trigger. */
import middy from '@middy/core'
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda'
import { APP, suitePolicy } from '@corsa/testkit/fixtures'
import type { Running } from '@corsa/testkit/node-http'
import { cors, type HttpEvent, type HttpResult, type LambdaCorsOptions, withCors } from '@corsa/lambda'
import type { ConformanceApp, ConformanceServer as Started } from '@corsa/testkit/conformance'
import { type AnyHandler, serveLambda, type Trigger } from './gateway.js'

type Result = {
  statusCode: number
  headers?: Record<string, string>
  multiValueHeaders?: Record<string, string[]>
  cookies?: string[]
  body?: string
}

export const pathOf = (event: HttpEvent) => (event as APIGatewayProxyEventV2).rawPath ?? (event as APIGatewayProxyEvent).path
export const methodOf = (event: HttpEvent) =>
  ((event as APIGatewayProxyEventV2).requestContext as { http?: { method: string } }).http?.method ?? (event as APIGatewayProxyEvent).httpMethod

/** The routes of the contract; `hits` counts the events that reached them. */
export function routes(trigger: Trigger): (event: HttpEvent) => Promise<Result> {
  const route = routesOf(trigger)
  if (trigger !== 'alb-multi') return route
  // An ALB with multi-value headers reads multiValueHeaders only.
  return async (event) => {
    const { headers, ...result } = await route(event)
    const multi: Record<string, string[]> = { ...result.multiValueHeaders }
    for (const [name, value] of Object.entries(headers ?? {})) multi[name] = [value]
    return { ...result, multiValueHeaders: multi }
  }
}

function routesOf(trigger: Trigger): (event: HttpEvent) => Promise<Result> {
  let hits = 0
  return async (event): Promise<Result> => {
    const path = pathOf(event)
    const method = methodOf(event)
    if (path === '/__hits') return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hits }) }
    hits++
    const text = (body: string, headers: Record<string, string> = {}): Result => ({
      statusCode: 200,
      headers: { 'content-type': 'text/plain', ...headers },
      body,
    })
    const status = /^\/status\/(\d{3})$/.exec(path)
    if (method === 'OPTIONS' && path === '/ok') return text('app options')
    if (status) return { statusCode: Number(status[1]), body: status[1] === '204' || status[1] === '304' ? '' : 'status' }
    switch (path) {
      case '/ok':
        return text('ok')
      case '/throw':
        throw new Error('boom')
      case '/redirect':
        return { statusCode: 302, headers: { Location: '/ok' }, body: '' }
      case '/stream':
        // Buffered: a proxy integration returns the whole body at once.
        return text(['a', 'b', 'c'].join(''))
      case '/cookies':
        return trigger === 'http-api' || trigger === 'function-url'
          ? { statusCode: 200, cookies: ['a=1; Path=/', 'b=2; Path=/'], body: 'cookies' }
          : { statusCode: 200, multiValueHeaders: { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] }, body: 'cookies' }
      case '/vary-before':
        return text('vary')
      case '/vary-after':
        return text('vary', { Vary: 'Accept-Language' })
      case '/vary-star':
        return text('vary', { Vary: '*' })
      case '/own-cors':
        return text('own', {
          'Access-Control-Allow-Origin': '*',
          'Access-Control-Allow-Credentials': 'false',
          'Access-Control-Allow-Methods': 'DELETE',
          'Access-Control-Max-Age': '5',
          'Access-Control-Expose-Headers': 'X-Secret',
        })
    }
    return { statusCode: 404, headers: { 'content-type': 'text/plain' }, body: 'not found' }
  }
}

/** A layer outside corsa that merges Vary: Accept-Encoding into /vary-before's result (as a compression layer would). */
function varyBefore<E extends HttpEvent>(handler: (event: E, context: unknown) => Promise<HttpResult>) {
  return async (event: E, context: unknown) => {
    const result = (await handler(event, context)) as Result
    if (pathOf(event) !== '/vary-before') return result
    const multi = result.multiValueHeaders?.vary
    if (multi) return { ...result, multiValueHeaders: { ...result.multiValueHeaders, vary: [`Accept-Encoding, ${multi.join(', ')}`] } }
    const vary = result.headers?.vary ?? result.headers?.Vary
    return { ...result, headers: { ...result.headers, vary: vary ? `Accept-Encoding, ${vary}` : 'Accept-Encoding' } }
  }
}

const optionsFor = (kind: ConformanceApp): LambdaCorsOptions =>
  kind === 'open'
    ? {}
    : kind === 'predicate'
      ? { origin: async (origin: string, event: HttpEvent) => origin === APP && pathOf(event) === '/ok' }
      : (suitePolicy as LambdaCorsOptions)

/** `withCors(handler, options)`, twice for 'twice'. */
function wrapped(trigger: Trigger, kind: ConformanceApp): AnyHandler {
  let handler = withCors(routes(trigger), optionsFor(kind))
  if (kind === 'twice') handler = withCors(handler, optionsFor(kind))
  return varyBefore(handler) as AnyHandler
}

/** `middy(handler).use(cors(options))` with an error handler after it, twice for 'twice'. */
function middied(trigger: Trigger, kind: ConformanceApp): AnyHandler {
  const errors = { onError: (request: { response: unknown }) => void (request.response = { statusCode: 500, body: 'Internal Server Error' }) }
  const handler = middy(routes(trigger)).use(cors(optionsFor(kind)))
  if (kind === 'twice') handler.use(cors(optionsFor(kind)))
  handler.use(errors)
  return varyBefore(handler as (event: HttpEvent, context: unknown) => Promise<HttpResult>) as AnyHandler
}

export function startConformance(trigger: Trigger, form: 'withCors' | 'middy'): () => Promise<Started> {
  return async () => {
    const kinds: ConformanceApp[] = ['policy', 'twice', 'open', 'predicate']
    const running: Running[] = await Promise.all(kinds.map((kind) => serveLambda(trigger, (form === 'middy' ? middied : wrapped)(trigger, kind))))
    return {
      url: (kind) => running[kinds.indexOf(kind)]!.url,
      stop: async () => void (await Promise.all(running.map((r) => r.close()))),
    }
  }
}
