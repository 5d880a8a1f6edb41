import Router from '@koa/router'
import Koa from 'koa'
import { cors } from '@corsa/koa'

export const app = new Koa()

// First, before the router, auth and body parsers: preflights are answered here.
app.use(
  cors({
    origin: ['https://app.example.com', 'https://*.example.com'],
    credentials: true,
    exposeHeaders: ['X-Request-Id'],
    maxAge: 600,
  }),
)

const router = new Router()

router.get('/api/me', (ctx) => {
  if (!ctx.cookies.get('session')) ctx.throw(401, 'sign in first') // a 401 the browser can read
  ctx.set('X-Request-Id', '42')
  ctx.body = { name: 'Ada' }
})

router.get('/api/old-me', (ctx) => ctx.redirect('/api/me'))

app.use(router.routes()).use(router.allowedMethods())

// app.listen(3000)
