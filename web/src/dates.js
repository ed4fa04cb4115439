// Dates as the API writes them (YYYY-MM-DD).

// Today as YYYY-MM-DD in local time (the date a station worker means, not UTC's).
export function today() {
  const d = new Date()
  const pad = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
}
