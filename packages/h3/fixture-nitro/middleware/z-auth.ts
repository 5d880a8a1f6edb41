import { defineHandler, HTTPError } from 'nitro/h3'

// Auth runs after cors (files run in name order): a preflight never gets here.
export default defineHandler((event) => {
  if (event.url.pathname.startsWith('/api/private') && !event.req.headers.get('authorization'))
    throw new HTTPError({ status: 401, message: 'sign in first' })
})
