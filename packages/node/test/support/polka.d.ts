// polka 0.5 ships no types: the little this suite uses.
declare module 'polka' {
  import type { IncomingMessage, ServerResponse } from 'node:http'
  type Handler = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown
  interface Polka {
    use(...handlers: Handler[]): Polka
    handler(req: IncomingMessage, res: ServerResponse): void
  }
  export default function polka(options?: object): Polka
}
