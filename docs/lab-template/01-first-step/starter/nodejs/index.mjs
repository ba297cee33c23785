export const handler = async () => {
  // TODO: read the name from the event and greet it
  return {};
};
