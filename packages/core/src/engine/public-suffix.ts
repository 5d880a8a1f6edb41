import { PUBLIC_SUFFIX_RULES } from './public-suffix-list.js'

/**
 * The Public Suffix List as a set of rules, built the first time a wildcard pattern is checked:
 * a policy of exact origins never pays for it.
 */
let rules: Set<string> | undefined

/**
 * Whether `host` (lower case, ASCII) is a public suffix: a name under which anyone may register
 * their own (`com`, `co.uk`, `herokuapp.com`, `s3.amazonaws.com`), so that `*.host` would allow
 * origins of many unrelated owners. It follows the list's algorithm
 * (https://github.com/publicsuffix/list/wiki/Format#algorithm): a rule for the host itself, a
 * wildcard rule for its parent unless an exception rule names the host, and the implicit rule
 * `*` (every top-level label is a public suffix).
 */
export function isPublicSuffix(host: string): boolean {
  rules ??= new Set(PUBLIC_SUFFIX_RULES.split('\n'))
  const dot = host.indexOf('.')
  if (dot < 0) return true
  if (rules.has(host)) return true
  return rules.has(`*${host.slice(dot)}`) && !rules.has(`!${host}`)
}
