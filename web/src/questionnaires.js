// Questionnaire versions (docs/api.md, Questionnaires), fetched once per page load: a published
// version never changes, so its dimensions and indicators can be kept for the names and conditions
// that assessments, the index and the rankings refer to by code.
import { api } from './api.js'
import { locale } from './i18n.js'

const byId = new Map() // id → Promise of the version in full
let listing = null // Promise of the list of versions

export function questionnaire(id) {
  if (!byId.has(id)) {
    const loading = api.get(`/api/v1/questionnaires/${encodeURIComponent(id)}`)
    loading.catch(() => byId.delete(id)) // a failure is not kept: the next call asks again
    byId.set(id, loading)
  }
  return byId.get(id)
}

function versions() {
  if (!listing) {
    listing = api.get('/api/v1/questionnaires', { limit: 200 }).then((answer) => answer.items || [])
    listing.catch(() => {
      listing = null
    })
  }
  return listing
}

// The version new assessments use.
export async function currentQuestionnaire() {
  const items = await versions()
  const current = items.find((item) => item.current) || items.find((item) => item.status === 'published')
  return current ? questionnaire(current.id) : null
}

// A version by its number (the index and the rankings name versions by number, not by id).
export async function questionnaireByVersion(version) {
  const entry = (await versions()).find((item) => item.version === version)
  return entry ? questionnaire(entry.id) : null
}

// Lookup tables of a version: indicator and dimension by code.
export function indexOf(version) {
  return {
    indicators: Object.fromEntries((version?.indicators || []).map((entry) => [entry.code, entry])),
    dimensions: Object.fromEntries((version?.dimensions || []).map((entry) => [entry.code, entry])),
  }
}

// The wording of a dimension or indicator ({zh, en}) in the current language.
export function wording(entry, fallback = '') {
  if (!entry) return fallback
  return (locale.value === 'en' ? entry.en : entry.zh) || entry.zh || entry.en || fallback
}
