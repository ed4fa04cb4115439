// A list page whose filters and page live in the URL (paging as paging.js writes it): it reads them
// whenever the route's query changes and loads that page; changing a filter or the page pushes a new
// query (or, when the query is the same, loads again).
import { ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { ElMessage } from 'element-plus'
import { DEFAULT_PAGE_SIZE, readPaging, writePaging } from './paging.js'

/**
 * name: the route's name (the query watcher keeps quiet while the user leaves for another page);
 * readFilters(query): sets the page's filters from the URL's query;
 * filterQuery(): the URL's query for the filters, without paging;
 * fetchPage(limit, offset): resolves to the API's {items, total}.
 * Returns the page's state (refs: items, total, loading, failure, synthetic, page, pageSize) with
 * apply(page = 1, size) for the filters and the pager, and load(). failure holds the ApiError of a 400 or
 * 404 (a filter outside the jurisdiction, shown on the page); other errors are shown as a message.
 */
export function useListPage({ name, readFilters, filterQuery, fetchPage }) {
  const route = useRoute()
  const router = useRouter()
  const state = {
    items: ref([]),
    total: ref(0),
    loading: ref(false),
    failure: ref(null),
    synthetic: ref(false),
    page: ref(1),
    pageSize: ref(DEFAULT_PAGE_SIZE),
  }

  async function load() {
    state.loading.value = true
    state.failure.value = null
    try {
      const answer = await fetchPage(state.pageSize.value, (state.page.value - 1) * state.pageSize.value)
      state.items.value = answer.items || []
      state.total.value = answer.total || 0
      state.synthetic.value = state.items.value.some((item) => item.synthetic)
    } catch (error) {
      state.items.value = []
      state.total.value = 0
      if (error.status === 400 || error.status === 404) state.failure.value = error
      else if (error.status !== 401) ElMessage.error(error.message)
    } finally {
      state.loading.value = false
    }
  }

  function apply(newPage = 1, newSize = state.pageSize.value) {
    const query = writePaging(filterQuery(), newPage, newSize)
    if (JSON.stringify(query) === JSON.stringify(route.query)) load()
    else router.push({ query })
  }

  watch(
    () => route.query,
    (query) => {
      if (route.name !== name) return
      readFilters(query)
      const paging = readPaging(query)
      state.page.value = paging.page
      state.pageSize.value = paging.size
      load()
    },
    { immediate: true },
  )

  return { ...state, apply, load }
}
