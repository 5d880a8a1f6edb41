import { fileURLToPath } from 'node:url'
import node from '@astrojs/node'
import { defineConfig } from 'astro/config'

export default defineConfig({
  output: 'server',
  adapter: node({ mode: 'standalone' }),
  // Astro's origin check answers cross-origin form POSTs (and any cross-origin write without a
  // Content-Type) with 403 before any middleware runs (see docs/astro.md): corsa's `csrf`
  // protects the /csrf area instead, with the CORS allow-list.
  security: { checkOrigin: false },
  // The package as published: its built dist (turbo builds it before the tests).
  vite: { resolve: { alias: { '@corsa/astro': fileURLToPath(new URL('../dist/index.js', import.meta.url)) } } },
})
