/**
 * A tiny, offline stand-in for what sits in front of a Lambda function, over node:http: it turns
 * each HTTP request into the event of one trigger (API Gateway REST API payload 1.0, HTTP API
 * or Function URL payload 2.0, ALB with or without multi-value headers), calls the handler, and
 * writes its result back the way that trigger documents. Written for these tests because
 * lambda-local's HTTP mode (--watch) builds 2.0 events only, JSON-encodes every body and writes
 * neither multiValueHeaders nor 2.0 cookies, and serverless-offline needs the Serverless
 * Framework.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { ALBEvent, APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda'
import { type Running, serve } from '@corsa/testkit/node-http'

export type Trigger = 'rest' | 'http-api' | 'function-url' | 'alb' | 'alb-multi'
export type AnyHandler = (event: never, context: never) => unknown

const context = { functionName: 'corsa-test', awsRequestId: 'c0ffee', getRemainingTimeInMillis: () => 3000 }

function read(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** The event a trigger sends for this request. */
export function toEvent(trigger: Trigger, req: IncomingMessage, body: string): APIGatewayProxyEvent | APIGatewayProxyEventV2 | ALBEvent {
  const url = new URL(req.url ?? '/', 'http://gateway.test')
  const method = req.method ?? 'GET'
  const raw = req.rawHeaders
  const query = Object.fromEntries(url.searchParams)
  if (trigger === 'rest') {
    // Names as the client sent them; `headers` holds the last value, `multiValueHeaders` all of them.
    const headers: Record<string, string> = {}
    const multi: Record<string, string[]> = {}
    for (let i = 0; i < raw.length; i += 2) {
      const name = Object.keys(multi).find((k) => k.toLowerCase() === raw[i]!.toLowerCase()) ?? raw[i]!
      headers[name] = raw[i + 1]!
      ;(multi[name] ??= []).push(raw[i + 1]!)
    }
    return {
      resource: '/{proxy+}',
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: multi,
      queryStringParameters: url.search ? query : null,
      multiValueQueryStringParameters: url.search
        ? Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)]))
        : null,
      pathParameters: { proxy: url.pathname.slice(1) },
      stageVariables: null,
      requestContext: {
        accountId: '123456789012',
        apiId: '1234567890',
        authorizer: undefined,
        httpMethod: method,
        identity: { sourceIp: '127.0.0.1', userAgent: req.headers['user-agent'] ?? null } as APIGatewayProxyEvent['requestContext']['identity'],
        path: `/prod${url.pathname}`,
        protocol: 'HTTP/1.1',
        requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
        requestTimeEpoch: Date.now(),
        resourceId: '123456',
        resourcePath: '/{proxy+}',
        stage: 'prod',
      },
      body: body || null,
      isBase64Encoded: false,
    }
  }
  if (trigger === 'http-api' || trigger === 'function-url') {
    // Lower-case names, repeated headers joined with commas, cookies apart.
    const headers: Record<string, string> = {}
    let cookies: string[] | undefined
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i]!.toLowerCase()
      if (name === 'cookie') cookies = [...(cookies ?? []), ...raw[i + 1]!.split(/;\s*/)]
      else headers[name] = headers[name] === undefined ? raw[i + 1]! : `${headers[name]},${raw[i + 1]}`
    }
    return {
      version: '2.0',
      routeKey: '$default',
      rawPath: url.pathname,
      rawQueryString: url.search.slice(1),
      ...(cookies ? { cookies } : {}),
      headers,
      ...(url.search ? { queryStringParameters: query } : {}),
      requestContext: {
        accountId: trigger === 'function-url' ? 'anonymous' : '123456789012',
        apiId: trigger === 'function-url' ? 'r3pmxmplak' : 'api-id',
        domainName: trigger === 'function-url' ? 'r3pmxmplak.lambda-url.us-east-2.on.aws' : 'id.execute-api.us-east-1.amazonaws.com',
        domainPrefix: trigger === 'function-url' ? 'r3pmxmplak' : 'id',
        http: { method, path: url.pathname, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: req.headers['user-agent'] ?? '' },
        requestId: 'id',
        routeKey: '$default',
        stage: '$default',
        time: '12/Mar/2020:19:03:58 +0000',
        timeEpoch: Date.now(),
      },
      ...(body ? { body } : {}),
      isBase64Encoded: false,
    }
  }
  // ALB: lower-case names; without multi-value headers the last value of a repeated header wins.
  const event: ALBEvent = {
    requestContext: {
      elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/lambda-279XGJDqGZ5rsrHC2Fjr/49e9d65c45c6791a' },
    },
    httpMethod: method,
    path: url.pathname,
    body,
    isBase64Encoded: false,
  }
  if (trigger === 'alb-multi') {
    const multi: Record<string, string[]> = {}
    for (let i = 0; i < raw.length; i += 2) (multi[raw[i]!.toLowerCase()] ??= []).push(raw[i + 1]!)
    event.multiValueHeaders = multi
    event.multiValueQueryStringParameters = Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)]))
  } else {
    const headers: Record<string, string> = {}
    for (let i = 0; i < raw.length; i += 2) headers[raw[i]!.toLowerCase()] = raw[i + 1]!
    event.headers = headers
    event.queryStringParameters = query
  }
  return event
}

type Values = string | number | boolean
/** Writes a handler's result as the trigger does. */
export function writeResult(trigger: Trigger, result: unknown, res: ServerResponse): void {
  if (trigger === 'http-api' || trigger === 'function-url') {
    // Payload 2.0: a result without statusCode is a 200 JSON body.
    if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
      result = {
        statusCode: 200,
        headers: { 'content-type': 'application/json' },
        body: typeof result === 'string' ? result : JSON.stringify(result),
      }
    }
  }
  const r = result as {
    statusCode: number
    headers?: Record<string, Values>
    multiValueHeaders?: Record<string, Values[]>
    cookies?: string[]
    body?: string
    isBase64Encoded?: boolean
  }
  res.statusCode = r.statusCode
  const multi = r.multiValueHeaders ?? {}
  // REST: both maps are merged, multiValueHeaders winning for a name in both; ALB uses the one matching the event.
  const useHeaders = trigger !== 'alb-multi'
  const useMulti = trigger === 'rest' || trigger === 'alb-multi'
  if (useHeaders) for (const [name, value] of Object.entries(r.headers ?? {})) if (!useMulti || !(name in multi)) res.setHeader(name, String(value))
  if (useMulti) for (const [name, values] of Object.entries(multi)) res.setHeader(name, values.map(String))
  if (r.cookies?.length && (trigger === 'http-api' || trigger === 'function-url')) res.appendHeader('set-cookie', r.cookies)
  const body = r.body ? Buffer.from(r.body, r.isBase64Encoded ? 'base64' : 'utf8') : undefined
  res.end(r.statusCode === 204 || r.statusCode === 304 ? undefined : body)
}

/** Serves a Lambda handler behind a trigger on 127.0.0.1. */
export function serveLambda(trigger: Trigger, handler: AnyHandler): Promise<Running> {
  const invoke = handler as (event: unknown, context: unknown) => unknown
  return serve(async (req, res) => {
    const event = toEvent(trigger, req, await read(req))
    try {
      writeResult(trigger, await invoke(event, context), res)
    } catch {
      // A function error: API Gateway and ALB answer 502.
      res.statusCode = 502
      res.setHeader('content-type', 'application/json')
      res.end('{"message": "Internal server error"}')
    }
  })
}
