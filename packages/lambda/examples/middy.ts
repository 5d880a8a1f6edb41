import middy from '@middy/core'
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda'
import { cors } from '@corsa/lambda'

const getOrder = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => ({
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({ id: event.pathParameters?.id ?? null }),
})

// First in the chain: its before answers preflights (the handler never runs), and its after
// and onError run last, on whatever the other middlewares answered.
export const handler = middy(getOrder).use(cors({ origin: 'https://app.example.com', allowMethods: ['GET', 'DELETE'] }))
// .use(httpErrorHandler()) and others go after it.
