/**
 * What kind of mistake a configuration problem is, so that tools and tests can act on it:
 *
 * - `unknown-option`: a name corsa does not know (a typo, or another library's name);
 * - `invalid`: a value of the wrong type or shape (`credentials: 'false'`, `maxAge: '600'`);
 * - `forbidden`: a value browsers never send or never honour (a forbidden header name);
 * - `insecure`: a value that would open the API wider than intended (`'*'` with credentials, a
 *   wildcard over a public suffix, an unanchored RegExp).
 */
export type CorsConfigReason = 'unknown-option' | 'invalid' | 'forbidden' | 'insecure'

/** One mistake in a configuration. */
export interface CorsConfigProblem {
  /** The option at fault, such as `origin` or `maxAge` (or the unknown name). */
  readonly option: string
  readonly reason: CorsConfigReason
  /** What is wrong, in one sentence that ends with what to write instead. */
  readonly message: string
  /** What to write instead, when there is one right spelling; it is itself a valid setting. */
  readonly instead?: string
}

// One brand for every copy of this class (ESM and CommonJS builds, two entry points, two
// installed versions): `instanceof` asks for the brand, not for the identity of the class.
const BRAND = Symbol.for('corsa.CorsConfigError')

/**
 * Thrown by `cors()`, `withCors()` and every corsa face when the configuration is wrong, with
 * every problem of the configuration at once. The message names each option at fault and says
 * what to write instead; `option`, `reason` and `instead` describe the first problem and
 * `problems` lists them all.
 *
 * @example
 * ```ts
 * cors({ origin: 'https://app.example.com/' })
 * // CorsConfigError: corsa: origin "https://app.example.com/" has a path: write "https://app.example.com"
 * ```
 */
export class CorsConfigError extends Error {
  /** The option at fault (of the first problem), such as `origin` or `maxAge`. */
  readonly option: string
  /** What kind of mistake the first problem is. */
  readonly reason: CorsConfigReason
  /** What to write instead for the first problem, when there is one right spelling. */
  readonly instead: string | undefined
  /** Every problem found in the configuration. */
  readonly problems: readonly CorsConfigProblem[]
  /** @internal */
  readonly [BRAND] = true

  constructor(problems: readonly CorsConfigProblem[]) {
    const [first] = problems
    if (!first) throw new TypeError('CorsConfigError needs at least one problem')
    super(
      problems.length === 1
        ? `corsa: ${first.option} ${first.message}`
        : `corsa: ${problems.length} problems in the options:\n${problems.map((p) => `  - ${p.option} ${p.message}`).join('\n')}`,
    )
    this.name = 'CorsConfigError'
    this.option = first.option
    this.reason = first.reason
    this.instead = first.instead
    this.problems = problems
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true
  }
}

/** Collects the problems of one configuration, so that all of them are reported together. */
export class Problems {
  readonly list: CorsConfigProblem[] = []

  add(option: string, reason: CorsConfigReason, message: string, instead?: string): void {
    this.list.push(instead === undefined ? { option, reason, message } : { option, reason, message, instead })
  }

  /** Throws a {@link CorsConfigError} holding every problem, if there is any. */
  throwIfAny(): void {
    if (this.list.length) throw new CorsConfigError(this.list)
  }
}
