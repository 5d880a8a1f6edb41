import express from 'express'
import { cors } from '@corsa/node'

export const app: express.Express = express()

// First, before routes, auth and body parsers: preflights are answered here.
app.use(
  cors({
    origin: ['https://app.example.com', 'https://*.example.com'],
    credentials: true,
    exposeHeaders: ['X-Request-Id'],
    maxAge: 600,
  }),
)

app.get('/api/me', (req, res) => {
  if (!req.headers.cookie) {
    res.status(401).json({ error: 'sign in first' }) // a 401 the browser can read
    return
  }
  res.set('X-Request-Id', '42').json({ name: 'Ada' })
})

app.get('/api/broken', () => {
  throw new Error('boom') // express answers 500, with the CORS headers
})

// app.listen(3000)
