// Fastify's internal symbols (lib/symbols.js, CommonJS, no types): corsa reads one, see replyHeaders in index.ts.
declare module 'fastify/lib/symbols.js' {
  const symbols: Readonly<Record<string, symbol>>
  export default symbols
}
