// Field-level errors of a 422 answer, keyed as the server names fields ("town_code",
// "members[0].id_number"), for showing each under its input (el-form-item's `error`) in the
// current language.
import { reactive } from 'vue'
import { pickLang } from './i18n.js'

export function useFieldErrors() {
  const state = reactive({ fields: {}, message: '' })

  return {
    state,
    clear() {
      state.fields = {}
      state.message = ''
    },
    // Takes the ApiError of a failed save: its field errors and its overall message.
    take(error) {
      state.fields = error?.fields || {}
      state.message = error?.message || ''
    },
    of(key) {
      return pickLang(state.fields[key])
    },
    // The errors no input shows, as "key: text" lines, so that none is lost.
    unshown(shownKeys) {
      return Object.keys(state.fields)
        .filter((key) => !shownKeys.includes(key))
        .map((key) => `${key}: ${pickLang(state.fields[key])}`)
    },
  }
}
