// The core's behaviour tests, run a second time inside @edge-runtime/vm (the Vercel Edge
// runtime): a context with the Fetch API and none of Node's globals or modules.
import { fileURLToPath } from 'node:url'
import { EdgeVM } from '@edge-runtime/vm'
import { build } from 'esbuild'
import { expect, test } from 'vitest'

/** Behaviour files that need no Node API (fetch-passthrough, property and hostile tests do). */
const FILES = ['preflight', 'actual', 'origins', 'config', 'explain']
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

const bundle = await build({
  stdin: {
    contents: `${FILES.map((f) => `import './${f}.test.ts'`).join('\n')}\nexport { run } from './edge-harness.ts'`,
    resolveDir: here('.'),
    loader: 'ts',
  },
  bundle: true,
  write: false,
  format: 'iife',
  globalName: 'edgeSuite',
  platform: 'neutral',
  target: 'es2022',
  alias: { vitest: here('./edge-harness.ts') },
  // The package is side-effect free, but test files register their tests when imported.
  ignoreAnnotations: true,
  logLevel: 'error',
})

const vm = new EdgeVM()
vm.evaluate(bundle.outputFiles[0]!.text)
const results: { name: string; error?: string }[] = await vm.evaluate('edgeSuite.run()')

test('the Edge VM has the Fetch API and none of Node', () => {
  expect(vm.evaluate('[typeof Response, typeof Headers, typeof URL, typeof process, typeof require, typeof Buffer].join()')).toBe(
    'function,function,function,undefined,undefined,undefined',
  )
})

test('every behaviour test ran in the Edge VM', () => {
  expect(results.length).toBeGreaterThan(150)
})

for (const { name, error } of results) {
  test(`edge: ${name}`, () => {
    expect(error).toBeUndefined()
  })
}
