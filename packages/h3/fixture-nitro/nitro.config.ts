import { defineNitroConfig } from 'nitro/config'

export default defineNitroConfig({
  compatibilityDate: '2025-09-01',
  preset: 'node-server',
  serverDir: './',
  // One copy of h3 in the build: @corsa/h3 uses the h3 that Nitro runs on. (`nitro dev` leaves
  // @corsa/h3 external, with its own h3: corsa works with both copies.)
  alias: { h3: 'nitro/h3' },
  // Nitro's own dependency, which pnpm does not hoist to this fixture (`nitro dev` imports it).
  externals: { inline: ['unstorage'] },
  routeRules: {
    // Nitro's own permissive rule, kept next to corsa: corsa's headers replace it where corsa has a policy.
    '/api/**': { cors: true },
    '/api/cached': { headers: { 'cache-control': 'max-age=60', vary: 'Accept-Encoding' } },
  },
})
