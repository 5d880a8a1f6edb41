/**
 * The slice of vitest's API that the behaviour tests use, for running them inside
 * `@edge-runtime/vm`, where vitest itself cannot run. esbuild points `vitest` here.
 */
type Case = { name: string; fn: () => unknown }
const cases: Case[] = []
const prefix: string[] = []

export function describe(name: string, body: () => void): void {
  prefix.push(name)
  body()
  prefix.pop()
}

export function test(name: string, fn: () => unknown): void {
  cases.push({ name: [...prefix, name].join(' > '), fn })
}

function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

let assertions = 0
let expected: number | undefined

function matchers(actual: unknown, negate: boolean) {
  const check = (ok: boolean, what: string) => {
    assertions++
    if (ok === negate) throw new Error(`expected ${JSON.stringify(actual)} ${negate ? 'not ' : ''}${what}`)
  }
  return {
    toBe: (v: unknown) => check(Object.is(actual, v), `to be ${JSON.stringify(v)}`),
    toEqual: (v: unknown) => check(same(actual, v), `to equal ${JSON.stringify(v)}`),
    toBeNull: () => check(actual === null, 'to be null'),
    toBeUndefined: () => check(actual === undefined, 'to be undefined'),
    toBeInstanceOf: (c: new (...a: never[]) => unknown) => check(actual instanceof c, `to be a ${c.name}`),
    toHaveLength: (n: number) => check((actual as { length: number }).length === n, `to have length ${n}`),
    toContain: (v: unknown) => check((actual as string | unknown[]).includes(v as never), `to contain ${JSON.stringify(v)}`),
    toBeLessThan: (n: number) => check((actual as number) < n, `to be less than ${n}`),
    toThrow: (c?: new (...a: never[]) => unknown) => {
      let threw: unknown
      try {
        ;(actual as () => unknown)()
      } catch (e) {
        threw = e ?? true
      }
      check(threw !== undefined && (!c || threw instanceof c), 'to throw')
    },
  }
}

export function expect(actual: unknown) {
  return { ...matchers(actual, false), not: matchers(actual, true) }
}
expect.assertions = (n: number) => {
  expected = n
}

/** Runs every registered case and reports `{ name, error? }` for each. */
export async function run(): Promise<{ name: string; error?: string }[]> {
  const results: { name: string; error?: string }[] = []
  for (const c of cases) {
    assertions = 0
    expected = undefined
    try {
      await c.fn()
      if (expected !== undefined && assertions !== expected) throw new Error(`expected ${expected} assertions, got ${assertions}`)
      results.push({ name: c.name })
    } catch (e) {
      results.push({ name: c.name, error: String((e as Error)?.stack ?? e) })
    }
  }
  return results
}
