import { defineConfig } from 'tsup'
import { corsaTsup } from '../../tsup.base'

// Elysia runs on Bun, Node and Workers: no Node built-ins here.
export default defineConfig(corsaTsup({ index: 'src/index.ts' }, { external: ['elysia'] }))
