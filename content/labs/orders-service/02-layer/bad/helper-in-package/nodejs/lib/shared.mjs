// Shared by every function of the orders service: HTTP answers and order validation.

export function respond(statusCode, body) {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export function parseOrder(body) {
  let order;
  try {
    order = JSON.parse(body ?? '');
  } catch {
    return { error: 'The request body is not valid JSON' };
  }
  if (order === null || typeof order !== 'object' || Array.isArray(order)) return { error: 'The body must be a JSON object' };
  if (typeof order.item !== 'string' || order.item.trim() === '') return { error: 'Missing field: item' };
  if (!Number.isInteger(order.quantity) || order.quantity < 1) return { error: 'Missing field: quantity (a whole number, at least 1)' };
  return { order: { item: order.item, quantity: order.quantity } };
}
