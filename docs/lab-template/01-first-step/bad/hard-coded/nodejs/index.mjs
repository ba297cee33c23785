// Greets only the name from the instructions' example: the hidden names catch it.
export const handler = async (event) => ({ greeting: event.name === 'Ada' ? 'Hello, Ada' : 'Hello' });
