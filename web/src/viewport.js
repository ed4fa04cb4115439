// Whether the screen is a phone's (narrower than 600 px): pages with a phone layout (a referral, an
// alert, an import report) stack their contents then. One listener for the whole page.
import { ref } from 'vue'

const query = window.matchMedia('(max-width: 600px)')

export const narrow = ref(query.matches)
query.addEventListener('change', (event) => {
  narrow.value = event.matches
})
