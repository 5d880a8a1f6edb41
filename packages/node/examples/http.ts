import { createServer } from 'node:http'
import { withCors } from '@corsa/node'

export const listener = withCors(
  async (req, res) => {
    if (req.url === '/hello') {
      res.setHeader('Content-Type', 'text/plain')
      res.end('hello')
      return
    }
    if (req.url === '/fail') throw new Error('boom') // onError answers, with the CORS headers
    res.statusCode = 404
    res.end('not found')
  },
  {
    origin: (origin) => origin.endsWith('.example.com') && origin.startsWith('https://'),
    onError: (error, _req, res) => {
      console.warn('request failed:', (error as Error).message)
      res.statusCode = 500
      res.end('sorry')
    },
  },
)

export const server = createServer(listener)
// server.listen(3000)
