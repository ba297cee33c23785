/** URLs of the built runtime bundles (scripts/runtime-bundles.ts), relative to the page in a build. */
declare module 'virtual:coldstart-runtime-bundles' {
  const urls: Record<'aws-sdk' | 'powertools', string>;
  export default urls;
}
