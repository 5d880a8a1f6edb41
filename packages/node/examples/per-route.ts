import express from 'express'
import { cors } from '@corsa/node'

export const app: express.Express = express()

// A public, non-credentialed API under /public (any origin), for every method there:
// app.use(path, ...) sees OPTIONS too, so preflights are answered.
app.use('/public', cors())
app.get('/public/status', (_req, res) => {
  res.json({ up: true })
})

// A credentialed API for the app's own origins, on a router.
const api = express.Router()
api.use(cors({ origin: 'https://app.example.com', credentials: true }))
api.post('/orders', (_req, res) => {
  res.status(201).json({ id: 1 })
})
app.use('/api', api)

// app.listen(3000)
