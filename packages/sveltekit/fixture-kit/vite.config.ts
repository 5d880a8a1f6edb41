import { fileURLToPath } from 'node:url'
import { sveltekit } from '@sveltejs/kit/vite'
import { defineConfig } from 'vite'

export default defineConfig({
  plugins: [sveltekit()],
  // The package as published: its built dist (turbo builds it before the tests).
  resolve: { alias: { '@corsa/sveltekit': fileURLToPath(new URL('../dist/index.js', import.meta.url)) } },
  logLevel: 'warn',
})
