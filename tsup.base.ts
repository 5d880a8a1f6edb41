/**
 * The one tsup configuration every published corsa package builds with: ESM and CommonJS,
 * declaration files for both, ES2022, and no `clean` (tests in other processes may be reading a
 * package's `dist` while turbo rebuilds it).
 *
 * @example
 * ```ts
 * // packages/<face>/tsup.config.ts
 * import { corsaTsup } from '../../tsup.base' // no extension: tsc (moduleResolution Bundler) and tsup both resolve it
 *
 * export default corsaTsup({ index: 'src/index.ts' }, { external: ['hono'] })
 * ```
 */
import type { Options } from 'tsup'

/** What a package may change: `platform` is the usual one (`'node'` for Node-only faces). */
export type CorsaTsupOverrides = Omit<Options, 'entry'>

/**
 * Builds a package's tsup options.
 *
 * @param entries - output name to source file, e.g. `{ index: 'src/index.ts' }`.
 * @param overrides - merged over the defaults; `external` is added to `@corsa/core`, not replacing it.
 * @returns the options for `export default` in a `tsup.config.ts`.
 */
export function corsaTsup(entries: Record<string, string>, overrides: CorsaTsupOverrides = {}): Options {
  const { external = [], ...rest } = overrides
  return {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    target: 'es2022',
    // Runtime-agnostic by default: no Node built-ins get polyfilled or assumed.
    platform: 'neutral',
    ...rest,
    // A face never bundles the core: users get one copy of it, shared by every face they use.
    external: ['@corsa/core', ...external],
  }
}
