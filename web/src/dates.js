// Dates as the API writes them (YYYY-MM-DD).

// The server keeps dates in China Standard Time; "today" must be its day, not the browser's.
const SERVER_TIME_ZONE = 'Asia/Shanghai'
const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: SERVER_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })

// Today as YYYY-MM-DD in Asia/Shanghai, whatever the browser's time zone.
export function today(now = new Date()) {
  const part = Object.fromEntries(dayFormat.formatToParts(now).map(({ type, value }) => [type, value]))
  return `${part.year}-${part.month}-${part.day}`
}

// For a date picker's disabled-date: whether the calendar day picked (a Date at the browser's midnight)
// lies after today in Asia/Shanghai.
export function isAfterToday(date) {
  const day = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`
  return day > today()
}

const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: SERVER_TIME_ZONE, hour: '2-digit', minute: '2-digit', hour12: false })
const stampFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: SERVER_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
})

// hh:mm in Asia/Shanghai of a Date or an ISO timestamp ('' when there is none).
export function clock(when) {
  if (!when) return ''
  const date = when instanceof Date ? when : new Date(when)
  return Number.isNaN(date.getTime()) ? '' : timeFormat.format(date)
}

// YYYY-MM-DD hh:mm in Asia/Shanghai of an ISO timestamp; anything unreadable is shown as it is.
export function stamp(when) {
  if (!when) return ''
  const date = new Date(when)
  if (Number.isNaN(date.getTime())) return String(when)
  const part = Object.fromEntries(stampFormat.formatToParts(date).map(({ type, value }) => [type, value]))
  return `${part.year}-${part.month}-${part.day} ${part.hour === '24' ? '00' : part.hour}:${part.minute}`
}
