// Autosave of a draft through PATCH: changes are gathered and sent together a moment after the last
// one (debounced), one request at a time, and nothing is lost when a request fails: its changes are
// merged back under any made since, and go with the next attempt. A tablet on a home visit loses the
// network now and then, so a failure for want of a network (or a server error) is retried by itself.
import { reactive } from 'vue'

const DEBOUNCE_MS = 800
const RETRY_MS = 8000

// Later changes win. `answers` is merged per indicator (the API merges it too), everything else
// (needs: the whole list) replaced.
export function mergePatch(older, newer) {
  if (!older) return newer ? { ...newer } : null
  if (!newer) return { ...older }
  const merged = { ...older, ...newer }
  if (older.answers || newer.answers) merged.answers = { ...(older.answers || {}), ...(newer.answers || {}) }
  return merged
}

const retryable = (error) => !error?.status || error.status >= 500

/**
 * useAutosave(send): send(body) is the PATCH, returning a promise.
 * state.status: 'idle' (nothing changed yet), 'pending' (a change waits), 'saving', 'saved', 'error'.
 * state.savedAt: the Date of the last successful save; state.error: the ApiError of the last failure.
 */
export function useAutosave(send, { delay = DEBOUNCE_MS } = {}) {
  const state = reactive({ status: 'idle', savedAt: null, error: null })
  let pending = null
  let timer = null
  let inflight = null

  function schedule(ms) {
    clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      flush()
    }, ms)
  }

  function queue(patch) {
    pending = mergePatch(pending, patch)
    if (state.status !== 'saving') state.status = 'pending'
    schedule(delay)
  }

  async function sendPending() {
    const body = pending
    pending = null
    state.status = 'saving'
    try {
      await send(body)
      state.savedAt = new Date()
      state.error = null
      state.status = pending ? 'pending' : 'saved'
      return true
    } catch (error) {
      pending = mergePatch(body, pending)
      state.error = error
      state.status = 'error'
      if (retryable(error) && !timer) schedule(RETRY_MS)
      return false
    }
  }

  // Sends whatever waits now; resolves true when everything is saved.
  async function flush() {
    clearTimeout(timer)
    timer = null
    while (inflight) await inflight
    if (!pending) return state.status !== 'error'
    inflight = sendPending()
    const ok = await inflight
    inflight = null
    if (ok && pending) return flush()
    return ok
  }

  const hasUnsaved = () => Boolean(pending) || Boolean(inflight)

  function stop() {
    clearTimeout(timer)
    timer = null
  }

  return { state, queue, flush, hasUnsaved, stop }
}
