declare module 'virtual:course/search' {
  /** MiniSearch's JSON for the whole course (scripts/search-index.ts); load it with searchOptions' SEARCH_OPTIONS. */
  export const serializedIndex: string;
}

declare module 'virtual:course/glossary' {
  type GlossaryTerm = import('../../course/glossarySchema').GlossaryTerm;
  /** content/glossary.json's terms, validated at build time, sorted as the file lists them. */
  export const terms: GlossaryTerm[];
}
