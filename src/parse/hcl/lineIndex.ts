import type { Position, Range } from './ast';

/**
 * Offset → 1-based line and UTF-16 column. Only LF ends a line (a CRLF line ends at its LF; the CR is the
 * last character of the line), which is how HCL counts lines; a lone CR is not a line break.
 */
export class LineIndex {
  private readonly starts: number[] = [0];
  /** The line (0-based) of the last lookup: positions are mostly asked for in order. */
  private last = 0;

  constructor(text: string) {
    let i = text.indexOf('\n');
    while (i !== -1) {
      this.starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** 0-based offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[line - 1]!;
  }

  position(offset: number): Position {
    const starts = this.starts;
    let l = this.last;
    if (offset < starts[l]! || (l + 1 < starts.length && offset >= starts[l + 1]!)) {
      // Close to the last lookup? Step; else binary search.
      if (l + 1 < starts.length && offset >= starts[l + 1]! && (l + 2 >= starts.length || offset < starts[l + 2]!)) {
        l++;
      } else {
        let lo = 0;
        let hi = starts.length - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >> 1;
          if (starts[mid]! <= offset) lo = mid;
          else hi = mid - 1;
        }
        l = lo;
      }
      this.last = l;
    }
    return { line: l + 1, column: offset - starts[l]! + 1, offset };
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }
}
