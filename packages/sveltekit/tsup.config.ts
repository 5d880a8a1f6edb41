import { corsaTsup } from '../../tsup.base'

// SvelteKit runs on Node, Bun, Deno, Workers and Vercel's edge: no Node built-ins here.
export default corsaTsup({ index: 'src/index.ts' }, { external: ['@sveltejs/kit'] })
