/** URL of the lab database's prepared data directory (scripts/pglite-datadir.ts); null under the dev server. */
declare module 'virtual:coldstart-pglite-datadir' {
  const url: string | null;
  export default url;
}
