import { defineHandler } from 'nitro/h3'

export default defineHandler((event) => {
  event.res.headers.set('x-request-id', '42')
  return { name: 'Ada' }
})
