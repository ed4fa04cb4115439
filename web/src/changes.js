// What an edit form changed: the PATCH body holds only those fields, so that saving a dialog opened
// earlier does not put back values that someone else has changed since.

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)

// The entries of `after` that differ from `before` (or that `before` lacks), as a new object.
export function changedFields(before, after) {
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => !(key in before) || !same(before[key], value)))
}

export const isEmpty = (object) => Object.keys(object).length === 0
