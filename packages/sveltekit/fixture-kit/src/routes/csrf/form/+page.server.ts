import { fail, redirect } from '@sveltejs/kit'
import type { Actions } from './$types'

export const actions: Actions = {
  default: async ({ request }) => {
    const amount = (await request.formData()).get('amount')
    if (!amount) return fail(400, { missing: true })
    if (amount === 'all') redirect(303, '/csrf/form?sent=all')
    return { amount: String(amount) }
  },
}
