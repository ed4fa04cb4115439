// The one client for the Waystation HTTP API (docs/api.md): JSON in and out, the session cookie,
// the CSRF header on writes, Accept-Language, and errors turned into ApiError.
import { locale, t } from './i18n.js'

const DEFAULT_TIMEOUT_MS = 30000

let csrfToken = ''
let onUnauthorized = () => {}

export function setCsrfToken(token) {
  csrfToken = token || ''
}

// Called on a 401 from any request that did not opt out (the session module opts out for itself).
export function setUnauthorizedHandler(handler) {
  onUnauthorized = handler
}

export class ApiError extends Error {
  // status 0 means the server could not be reached. body is the parsed answer (an import's 422
  // carries its report there); fields are the 422 field errors keyed like "members[0].id_number".
  constructor(status, body, message) {
    super(message)
    this.status = status
    this.body = body
    this.code = body?.error?.code || ''
    this.fields = body?.error?.fields || {}
  }
}

function buildUrl(path, query) {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value))
  }
  const qs = params.toString()
  return qs ? `${path}?${qs}` : path
}

async function parseBody(response) {
  if (response.status === 204) return null
  const type = response.headers.get('Content-Type') || ''
  if (!type.includes('json')) return null
  try {
    return await response.json()
  } catch {
    return null
  }
}

/**
 * request('POST', '/api/v1/households', { json: {...} })
 * options: query (object), json (sent as JSON), body + contentType (sent raw, e.g. a CSV file),
 * timeoutMs, redirectOn401 (default true).
 */
export async function request(method, path, options = {}) {
  const { query, json, body, contentType, timeoutMs = DEFAULT_TIMEOUT_MS, redirectOn401 = true } = options
  const headers = { Accept: 'application/json', 'Accept-Language': locale.value === 'en' ? 'en' : 'zh-CN' }
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken
  let payload = body
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(json)
  } else if (contentType) {
    headers['Content-Type'] = contentType
  }

  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), timeoutMs)
  let response
  try {
    response = await fetch(buildUrl(path, query), {
      method,
      headers,
      body: payload,
      credentials: 'same-origin',
      signal: controller.signal,
    })
  } catch {
    throw new ApiError(0, null, t(controller.signal.aborted ? 'error.timeout' : 'error.network'))
  } finally {
    clearTimeout(timer)
  }

  const data = await parseBody(response)
  if (response.ok) return data
  if (response.status === 401 && redirectOn401) onUnauthorized()
  const error = new ApiError(response.status, data, data?.error?.message || t('error.status', { status: response.status }))
  error.retryAfter = Number(response.headers.get('Retry-After')) || 0
  throw error
}

export const api = {
  get: (path, query, options) => request('GET', path, { ...options, query }),
  post: (path, json, options) => request('POST', path, { ...options, json }),
  patch: (path, json, options) => request('PATCH', path, { ...options, json }),
  put: (path, json, options) => request('PUT', path, { ...options, json }),
  del: (path, options) => request('DELETE', path, options),
}
