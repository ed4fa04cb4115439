// Paging of the list pages (households, ranking, and the lists that follow them): the page and page
// size live in the URL as ?page=&size=, left out when they are the defaults.
export const PAGE_SIZES = [20, 50, 100, 200]
export const DEFAULT_PAGE_SIZE = 20

const positive = (value, fallback) => (Number(value) > 0 ? Number(value) : fallback)

// The page and size a route's query asks for.
export function readPaging(query) {
  return { page: positive(query.page, 1), size: positive(query.size, DEFAULT_PAGE_SIZE) }
}

// Adds page and size to a URL query, unless they are the defaults.
export function writePaging(query, page, size) {
  if (page > 1) query.page = String(page)
  if (size !== DEFAULT_PAGE_SIZE) query.size = String(size)
  return query
}
