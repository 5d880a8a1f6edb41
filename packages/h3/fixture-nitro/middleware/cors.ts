import { cors } from '@corsa/h3'

// Nitro runs every file in middleware/ before the routes: preflights end here.
export default cors({
  origin: ['https://app.example.com', 'https://*.example.com'],
  credentials: true,
  allowHeaders: ['Content-Type', 'Authorization'],
  exposeHeaders: ['X-Request-Id'],
  maxAge: 600,
})
