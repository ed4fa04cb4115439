// A household's stated needs as the assessment form edits them, and as PATCH sends them.
import { serviceOf } from './catalog.js'

let lastKey = 0
// A key for v-for, stable while a row is edited (rows have no id of their own).
export function needKey() {
  lastKey += 1
  return lastKey
}

// The API's needs → rows of the form.
export function needRows(needs) {
  return (needs || []).map((need) => ({
    key: needKey(),
    service: need.service || '',
    area: need.area || serviceOf(need.service)?.areas[0] || '',
    urgency: need.urgency || 'routine',
    note: need.note || '',
  }))
}

// The rows the API is sent: those with a service chosen (a row just added has none yet). Returns the
// body's list and, for each of its entries, the row it came from, so that a field error at
// "needs[2].urgency" finds its row.
export function needsBody(rows) {
  const sent = []
  const rowOf = []
  rows.forEach((row, index) => {
    if (!row.service) return
    const need = { service: row.service, urgency: row.urgency }
    if (row.area) need.area = row.area
    if (row.note.trim()) need.note = row.note.trim()
    sent.push(need)
    rowOf.push(index)
  })
  return { needs: sent, rowOf }
}
