import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { expect, test } from 'vitest'

/** `cors` + `withCors` as a user's bundler ships them: tree-shaken, minified, gzipped. */
async function gzippedSize(exports: string, entry = './src/index.ts'): Promise<number> {
  const result = await build({
    stdin: { contents: `export { ${exports} } from '${entry}'`, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    logLevel: 'error',
  })
  return gzipSync(result.outputFiles[0]!.contents, { level: 9 }).length
}

test('cors + withCors from @corsa/core/lite (exact origins, no Public Suffix List) stay within 7.5 KB', async () => {
  const size = await gzippedSize('cors, withCors', './src/lite.ts')
  console.log(`@corsa/core/lite cors + withCors: ${size} bytes minified and gzipped`)
  // 3 KB before this round; validation that reports every mistake with a checked suggestion costs the rest.
  expect(size).toBeLessThanOrEqual(7.5 * 1024)
})

test('cors + withCors from @corsa/core carry the whole Public Suffix List, and lite does not', async () => {
  const full = await gzippedSize('cors, withCors')
  const lite = await gzippedSize('cors, withCors', './src/lite.ts')
  console.log(`@corsa/core cors + withCors: ${full} bytes minified and gzipped`)
  // The list is about 9,800 rules: tens of kilobytes even gzipped.
  expect(full - lite).toBeGreaterThan(30 * 1024)
})

test('explain adds its sentences only to bundles that import it', async () => {
  const without = await gzippedSize('cors, withCors')
  const withExplain = await gzippedSize('cors, withCors, explain')
  console.log(`cors + withCors + explain: ${withExplain} bytes minified and gzipped`)
  expect(withExplain).toBeGreaterThan(without)
})
