// Administrative divisions within the user's jurisdiction (GET /api/v1/divisions).
import { api } from './api.js'

// A list answer may come as {items: [...]} or as a bare array; the caller's own division as an object.
const listOf = (answer) => (Array.isArray(answer) ? answer : answer?.items || [])

export async function ownDivision() {
  const answer = await api.get('/api/v1/divisions')
  return Array.isArray(answer) || answer?.items ? listOf(answer)[0] : answer
}

export async function childDivisions(code) {
  return listOf(await api.get('/api/v1/divisions', { parent: code }))
}

// The codes from the city down to `code` (GET /api/v1/divisions/{code} → path).
export async function divisionPathCodes(code) {
  const division = await api.get(`/api/v1/divisions/${encodeURIComponent(code)}`)
  const codes = (division.path || []).map((entry) => (typeof entry === 'string' ? entry : entry.code))
  return codes[codes.length - 1] === code ? codes : [...codes, code]
}

// The towns a user may register households in, grouped by county: [{county, towns}].
export async function townsInJurisdiction() {
  const own = await ownDivision()
  if (own.level === 'town') return [{ county: null, towns: [own] }]
  if (own.level === 'county') return [{ county: own, towns: await childDivisions(own.code) }]
  const counties = await childDivisions(own.code)
  return Promise.all(counties.map(async (county) => ({ county, towns: await childDivisions(county.code) })))
}
