import Koa from 'koa'
import { cors } from '@corsa/koa'

export const app = new Koa()

// An error-handling middleware further out than corsa: its answer keeps the CORS headers.
app.use(async (ctx, next) => {
  try {
    await next()
  } catch (error) {
    ctx.status = (error as { status?: number }).status ?? 500
    ctx.body = { error: ctx.status < 500 ? (error as Error).message : 'something went wrong' }
  }
})

app.use(cors({ origin: 'https://app.example.com' }))

app.use((ctx) => {
  if (ctx.path === '/boom') throw new Error('boom')
  ctx.body = 'ok'
})
