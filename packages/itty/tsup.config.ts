import { defineConfig } from 'tsup'
import { corsaTsup } from '../../tsup.base'

// itty-router runs everywhere (Workers, Bun, Deno, Node): no Node built-ins here.
export default defineConfig(corsaTsup({ index: 'src/index.ts' }, { external: ['itty-router'] }))
