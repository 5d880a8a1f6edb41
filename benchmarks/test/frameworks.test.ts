/**
 * The Fastify, Koa and Lambda contenders' setups are right before anything is timed: the limits
 * and corsa pass every check, each peer grants the allowed origin where the workload means it.
 */
import { describe, expect, test } from 'vitest'
import { FRAMEWORK_CONTENDERS } from '../src/framework-contenders.js'
import { checkFramework } from '../src/framework-suite.js'
import { WORKLOADS } from '../src/workloads.js'

const contender = (id: string) => FRAMEWORK_CONTENDERS.find((c) => c.id === id)!

describe('Fastify, Koa, Lambda', () => {
  test.each(['fastify-limit', 'fastify-corsa', 'koa-limit', 'koa-corsa', 'lambda-limit', 'lambda-corsa', 'middy-corsa'])(
    '%s passes every check on every workload',
    async (id) => {
      const found: Record<string, string[]> = {}
      for (const w of WORKLOADS) {
        const list = await checkFramework(contender(id), w)
        if (list.length) found[w.id] = list
      }
      expect(found).toEqual({})
    },
  )

  test.each(['fastify-cors', 'koa-cors', 'middy-cors'])('%s grants the allowed origin on every allowed workload', async (id) => {
    for (const w of WORKLOADS.filter((w) => w.expect === 'allowed' || w.expect === 'preflight')) {
      expect(
        (await checkFramework(contender(id), w)).filter((d) => /ACAO|ACAC|handler ran/.test(d)),
        w.id,
      ).toEqual([])
    }
  })
})
