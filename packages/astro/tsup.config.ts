import { corsaTsup } from '../../tsup.base'

// Astro's server output runs on Node, Deno, Workers, Vercel and Netlify: no Node built-ins here.
export default corsaTsup({ index: 'src/index.ts' }, { external: ['astro'] })
