import { corsaTsup } from '../../tsup.base'

// Hono runs everywhere (Workers, Deno, Bun, Node): no Node built-ins here.
export default corsaTsup({ index: 'src/index.ts' }, { external: ['hono'] })
