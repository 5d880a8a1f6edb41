import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda'
import { withCors } from '@corsa/lambda'

// An HTTP API (or Function URL) handler; the same wrapper serves REST APIs and ALB events.
export const handler = withCors(
  async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    if (!event.cookies?.some((cookie) => cookie.startsWith('session='))) {
      return { statusCode: 401, body: JSON.stringify({ error: 'sign in first' }) } // a 401 the browser can read
    }
    if (event.rawPath === '/fail') throw new Error('boom') // answered 500, with the CORS headers
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json', 'x-request-id': '42' },
      cookies: ['seen=1; Path=/; Secure; SameSite=None'],
      body: JSON.stringify({ name: 'Ada' }),
    }
  },
  {
    origin: ['https://app.example.com', 'https://*.example.com'],
    credentials: true,
    exposeHeaders: ['X-Request-Id'],
    maxAge: 600,
    onError: (error) => {
      console.warn('request failed:', (error as Error).message)
      return { statusCode: 500, body: 'sorry' }
    },
  },
)
