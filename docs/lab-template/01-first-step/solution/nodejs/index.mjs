export const handler = async (event) => ({ greeting: `Hello, ${event.name}` });
