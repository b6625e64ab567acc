import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/parse/hcl/parseHcl';

/** The comments of a file that must parse cleanly. */
function comments(text: string) {
  const r = parseHcl(text, 'main.tf');
  expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return r.comments;
}

describe('parseHcl: comments', () => {
  it('returns #, // and /* */ comments in source order with line, column, end line and text', () => {
    const text = [
      '# file header',
      'resource "azurerm_storage_account" "sa" { // on the block line',
      '  name = "sa1" # trailing hash',
      '  /* block */ location = "westeurope"',
      '  /*',
      '   * multi-line',
      '   */',
      '  min_tls_version = "TLS1_0" /* trailing block */ // then a line comment',
      '}',
      '// last line without a newline',
    ].join('\n');
    expect(comments(text)).toEqual([
      { line: 1, column: 1, endLine: 1, text: '# file header' },
      { line: 2, column: 43, endLine: 2, text: '// on the block line' },
      { line: 3, column: 16, endLine: 3, text: '# trailing hash' },
      { line: 4, column: 3, endLine: 4, text: '/* block */' },
      { line: 5, column: 3, endLine: 7, text: '/*\n   * multi-line\n   */' },
      { line: 8, column: 30, endLine: 8, text: '/* trailing block */' },
      { line: 8, column: 51, endLine: 8, text: '// then a line comment' },
      { line: 10, column: 1, endLine: 10, text: '// last line without a newline' },
    ]);
  });

  it('keeps the carriage return of a CRLF file out of line comments and counts lines at LF', () => {
    const text = ['# one', 'a = 1 // two', '/* three', '   four */', 'b = 2 # five', ''].join('\r\n');
    expect(comments(text)).toEqual([
      { line: 1, column: 1, endLine: 1, text: '# one' },
      { line: 2, column: 7, endLine: 2, text: '// two' },
      { line: 3, column: 1, endLine: 4, text: '/* three\r\n   four */' },
      { line: 5, column: 7, endLine: 5, text: '# five' },
    ]);
  });

  it('reads comments where new lines are not tokens: in lists, objects, calls and parentheses', () => {
    const text = [
      'a = [ # after [',
      '  1, // after an item',
      '  /* before an item */ 2,',
      ']',
      'b = { # after {',
      '  c = 1 # after a value',
      '}',
      'd = max(',
      '  1, # in a call',
      '  2,',
      ')',
      'e = (1 + # in parentheses',
      '  2)',
    ].join('\n');
    expect(comments(text)).toEqual([
      { line: 1, column: 7, endLine: 1, text: '# after [' },
      { line: 2, column: 6, endLine: 2, text: '// after an item' },
      { line: 3, column: 3, endLine: 3, text: '/* before an item */' },
      { line: 5, column: 7, endLine: 5, text: '# after {' },
      { line: 6, column: 9, endLine: 6, text: '# after a value' },
      { line: 9, column: 6, endLine: 9, text: '# in a call' },
      { line: 12, column: 10, endLine: 12, text: '# in parentheses' },
    ]);
  });

  it('returns no comment from inside quoted strings, templates or heredocs', () => {
    const text = [
      'a = "https://example.com/#anchor // not /* a */ comment"',
      'b = "${var.x} # not a comment ${var.y} // nor this"',
      'c = "%{ if var.on }# on%{ else }// off%{ endif }"',
      'd = <<EOT',
      '# heredoc line',
      '// heredoc line',
      '/* heredoc line */',
      'EOT',
      'e = <<-EOT',
      '    # indented heredoc line ${var.x} // still text',
      '    EOT',
      'f = "\\"# escaped quote then hash"',
      'g = 1 # the only comment',
    ].join('\n');
    expect(comments(text)).toEqual([{ line: 13, column: 7, endLine: 13, text: '# the only comment' }]);
  });

  it('counts columns in UTF-16 code units and without a byte-order mark', () => {
    const text = '\uFEFFa = "😀é" # after an emoji\n# second';
    expect(comments(text)).toEqual([
      { line: 1, column: 11, endLine: 1, text: '# after an emoji' },
      { line: 2, column: 1, endLine: 2, text: '# second' },
    ]);
  });

  it('returns an empty list for a file without comments', () => {
    expect(comments('a = 1\nb = "#"\n')).toEqual([]);
    expect(comments('')).toEqual([]);
  });

  it('reports an unterminated block comment as a syntax error and returns the comments before it', () => {
    const r = parseHcl('# before\na = 1 /* never closed\nb = 2\n', 'main.tf');
    expect(r.comments).toEqual([{ line: 1, column: 1, endLine: 1, text: '# before' }]);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual(["2:7 HCL syntax error: unterminated comment: '/*' has no closing '*/'."]);
  });
});
