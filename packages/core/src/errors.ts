/**
 * Thrown by `cors()` and `withCors()` when the configuration is wrong.
 * The message names the option at fault and says what to write instead.
 *
 * @example
 * ```ts
 * cors({ origin: 'https://app.example.com/' })
 * // CorsConfigError: corsa: origin "https://app.example.com/" has a trailing slash: write "https://app.example.com"
 * ```
 */
export class CorsConfigError extends Error {
  /** The option at fault, such as `origin` or `maxAge`. */
  readonly option: string

  constructor(option: string, message: string) {
    super(`corsa: ${option} ${message}`)
    this.name = 'CorsConfigError'
    this.option = option
  }
}
