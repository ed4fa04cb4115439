// Dates as the API writes them (YYYY-MM-DD).

// The server keeps dates in China Standard Time; "today" must be its day, not the browser's.
const SERVER_TIME_ZONE = 'Asia/Shanghai'
const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: SERVER_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

// Today as YYYY-MM-DD in Asia/Shanghai, whatever the browser's time zone.
export function today(now = new Date()) {
  const part = Object.fromEntries(dayFormat.formatToParts(now).map(({ type, value }) => [type, value]))
  return `${part.year}-${part.month}-${part.day}`
}
