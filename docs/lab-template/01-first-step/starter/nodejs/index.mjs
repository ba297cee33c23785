export const handler = async (event) => {
  // TODO: greet event.name
  return {};
};
