// Who is logged in. The session itself is an HttpOnly cookie the page cannot read; what the page
// keeps is the user and the CSRF token, re-fetched from GET /api/v1/session when the page loads.
import { reactive } from 'vue'
import { api, setCsrfToken } from './api.js'

export const session = reactive({ user: null, checked: false })

const WRITER_ROLES = ['city_admin', 'county_officer', 'station_worker']

// Roles that may change households and see full ID numbers (docs/api.md, Households).
export function canWrite() {
  return WRITER_ROLES.includes(session.user?.role)
}

function remember(answer) {
  session.user = answer.user
  setCsrfToken(answer.csrf_token)
}

export function forget() {
  session.user = null
  setCsrfToken('')
}

export async function loadSession() {
  try {
    remember(await api.get('/api/v1/session', null, { redirectOn401: false }))
  } catch (error) {
    if (error.status !== 401) throw error
    forget()
  } finally {
    session.checked = true
  }
}

export async function login(username, password) {
  remember(await api.post('/api/v1/session', { username, password }, { redirectOn401: false }))
}

export async function logout() {
  try {
    await api.del('/api/v1/session', { redirectOn401: false })
  } finally {
    forget()
  }
}
