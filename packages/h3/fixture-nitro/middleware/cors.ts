import { corsRules } from '@corsa/h3'

// Nitro runs every file in middleware/ before the routes: preflights end here.
// One policy per route pattern, the most specific pattern winning, as in routeRules.
export default corsRules({
  '/api/**': {
    origin: ['https://app.example.com', 'https://*.example.com'],
    credentials: true,
    allowHeaders: ['Content-Type', 'Authorization'],
    exposeHeaders: ['X-Request-Id'],
    maxAge: 600,
  },
  '/public/**': { origin: '*' },
  // Server-to-server calls: corsa leaves these paths alone.
  '/api/hooks/**': false,
})
