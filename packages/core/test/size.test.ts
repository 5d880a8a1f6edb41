import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import { expect, test } from 'vitest'

/** `cors` + `withCors` as a user's bundler ships them: tree-shaken, minified, gzipped. */
async function gzippedSize(exports: string): Promise<number> {
  const result = await build({
    stdin: { contents: `export { ${exports} } from './src/index.ts'`, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
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

test('cors + withCors minified and gzipped stay within 3 KB', async () => {
  const size = await gzippedSize('cors, withCors')
  console.log(`cors + withCors: ${size} bytes minified and gzipped`)
  expect(size).toBeLessThanOrEqual(3 * 1024)
})

test('explain adds its sentences only to bundles that import it', async () => {
  const without = await gzippedSize('cors, withCors')
  const withExplain = await gzippedSize('cors, withCors, explain')
  console.log(`cors + withCors + explain: ${withExplain} bytes minified and gzipped`)
  expect(withExplain).toBeGreaterThan(without)
})
