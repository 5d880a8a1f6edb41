import type { APIRoute } from 'astro'

export const GET: APIRoute = () => {
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const chunk of ['a', 'b', 'c']) {
        controller.enqueue(encoder.encode(chunk))
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      controller.close()
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/plain' } })
}
