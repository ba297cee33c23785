/**
 * Types for the PEG-generated expression parsers that dynalite ships (CommonJS, no dependencies). Only these three
 * modules are imported; dynalite's database layer is not. Each `parse` returns the AST, or a string holding
 * DynamoDB's message for a semantic problem (reserved word, undefined name, overlapping paths, …), and throws a
 * `SyntaxError` (with `location` and `found`) when the text does not parse.
 */
declare module 'dynalite/db/*.js' {
  export interface ParserContext {
    attrNames?: Record<string, string>;
    attrVals?: Record<string, unknown>;
    /** Keys present here on entry and still present after parsing were never used. */
    unusedAttrNames?: Record<string, true>;
    unusedAttrVals?: Record<string, true>;
    isReserved(name: string): boolean;
    /** The condition parser checks BETWEEN bounds with compare('GT', lower, upper). */
    compare(operator: 'GT', left: unknown, right: unknown): boolean;
    isKeyCondition?: boolean;
  }
  export interface PegLocation {
    start: { offset: number; line: number; column: number };
    end: { offset: number; line: number; column: number };
  }
  export interface PegSyntaxError extends Error {
    name: 'SyntaxError';
    location: PegLocation;
    found: string | null;
  }
  const parser: {
    parse(input: string, options: { context: ParserContext }): unknown;
    SyntaxError: new (...args: never[]) => PegSyntaxError;
  };
  export default parser;
}
