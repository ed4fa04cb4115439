// The list's search text, kept out of the URL: it is often a full ID number, and URLs end up in the
// browser history of shared PCs. Each search is remembered here, in memory only, under an opaque key
// that its history entry carries in history.state, so Back from a household returns to the same
// search while a reload or a fresh visit starts empty.
const searches = new Map()
let lastKey = 0

// The key to put in the history entry's state for this search text (null for none).
export function rememberSearch(text) {
  if (!text) return null
  lastKey += 1
  searches.set(lastKey, text)
  return lastKey
}

// The search text of a history entry's state, or '' when it has none or the page has been reloaded.
export function recallSearch(state) {
  return searches.get(state?.search) || ''
}
