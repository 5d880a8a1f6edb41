import { error } from '@sveltejs/kit'
import type { PageServerLoad } from './$types'

export const load: PageServerLoad = ({ request }) => {
  if (!request.headers.get('authorization')) error(401, 'sign in first')
  return { name: 'Ada' }
}
