/** URL of the Python memory snapshot the build made (scripts/python-snapshot.ts); null under the dev server. */
declare module 'virtual:coldstart-python-snapshot' {
  const url: string | null;
  export default url;
}
