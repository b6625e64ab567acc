/** A comment of a source file as the parsers report it: where it is and its text with delimiters. */
export interface SourceComment {
  line: number;
  column: number;
  endLine: number;
  /** `// …`, `# …` or `/* … *\/`. */
  text: string;
}
