import { defineConfig } from 'tsup'
import { corsaTsup } from '../../tsup.base'

// h3 runs on Node, Bun, Deno and Workers: no Node built-ins here.
export default defineConfig(corsaTsup({ index: 'src/index.ts' }, { external: ['h3'] }))
