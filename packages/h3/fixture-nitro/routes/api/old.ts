import { defineHandler, redirect } from 'nitro/h3'

export default defineHandler(() => redirect('/api/me', 302))
