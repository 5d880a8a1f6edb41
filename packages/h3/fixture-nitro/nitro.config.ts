import { defineNitroConfig } from 'nitro/config'

export default defineNitroConfig({
  compatibilityDate: '2025-09-01',
  preset: 'node-server',
  serverDir: './',
  // @corsa/h3 decorates responses with the h3 that Nitro runs on.
  alias: { h3: 'nitro/h3' },
  // No `cors: true` route rule: corsa's middleware/cors.ts answers for every route.
  routeRules: { '/api/cached': { headers: { 'cache-control': 'max-age=60' } } },
})
