import { describe, expect, it } from 'vitest';
import type { SourceComment } from '../../src/parse/comment';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { parseHcl } from '../../src/parse/hcl/parseHcl';
import { parseJson } from '../../src/parse/json/parseJson';
import { readDirectives, type Directive, type DirectiveScan } from '../../src/suppress/directives';

const TODAY = '2026-11-30';
const RULE_IDS: ReadonlySet<string> = new Set(['IAC-STG-002', 'IAC-STG-005', 'IAC-STG-006']);
const OPTIONS = { ruleIds: RULE_IDS, today: TODAY };
const USAGE = "Write it as 'iac-scan:ignore RULE-ID[,RULE-ID…] [exp:YYYY-MM-DD] reason'.";

/** The directives of a Terraform file, read from the comments the HCL parser found (which must parse cleanly). */
function tf(text: string, file = 'infra/main.tf'): DirectiveScan {
  const parsed = parseHcl(text, file);
  expect(parsed.diagnostics).toEqual([]);
  return readDirectives(parsed.comments, parsed.source, file, OPTIONS);
}

/** The same for Bicep, with the comments mapped as the scan maps them. */
function bicep(text: string, file = 'main.bicep'): DirectiveScan {
  const parsed = parseBicep(text, file);
  expect(parsed.diagnostics).toEqual([]);
  const comments: SourceComment[] = parsed.program.comments.map((c) => ({ line: c.range.start.line, column: c.range.start.column, endLine: c.range.end.line, text: c.text }));
  return readDirectives(comments, text.replace(/^\uFEFF/, ''), file, OPTIONS);
}

/** The same for an ARM template: the comments of parseJson and the file text as read (byte-order mark kept). */
function arm(text: string, file = 'azuredeploy.json'): DirectiveScan {
  const parsed = parseJson(text, file, { armExpressions: true });
  expect(parsed.diagnostics).toEqual([]);
  return readDirectives(parsed.comments, text, file, OPTIONS);
}

/** A directive as readDirectives builds it; `at` is [line, column, endLine, endColumn] of the comment. */
function directive(
  fields: Omit<Directive, 'location' | 'trailing' | 'nextLine'>,
  file: string,
  at: [number, number, number, number],
  trailing: boolean,
  nextLine: number,
): Directive {
  const [line, column, endLine, endColumn] = at;
  return { ...fields, location: { file, line, column, endLine, endColumn }, trailing, nextLine };
}

function warning(file: string, at: [number, number, number, number], message: string) {
  const [line, column, endLine, endColumn] = at;
  return { kind: 'suppression', severity: 'warning', file, line, column, endLine, endColumn, message };
}

const RESOURCE = [
  'resource "azurerm_storage_account" "sa" {',
  '  name            = "sa1"',
  '  min_tls_version = "TLS1_0"',
  '}',
];

describe('readDirectives: iac-scan:ignore', () => {
  it('reads a comment on a line of its own: not trailing, about the next line', () => {
    const text = ['# iac-scan:ignore IAC-STG-002 old clients still use TLS 1.0', ...RESOURCE].join('\n');
    expect(tf(text)).toEqual({
      directives: [
        directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'old clients still use TLS 1.0' }, 'infra/main.tf', [1, 1, 1, 60], false, 2),
      ],
      diagnostics: [],
    });
  });

  it('reads an end-of-line comment as trailing: about its own line', () => {
    const text = [RESOURCE[0], RESOURCE[1], '  min_tls_version = "TLS1_0" # iac-scan:ignore IAC-STG-002 old clients', RESOURCE[3]].join('\n');
    expect(tf(text)).toEqual({
      directives: [directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'old clients' }, 'infra/main.tf', [3, 30, 3, 71], true, 4)],
      diagnostics: [],
    });
  });

  it('skips comments stacked below a directive (of every style) to find the line it is about', () => {
    const text = [
      '# iac-scan:ignore IAC-STG-002 first',
      '// a plain note',
      '/* another',
      '   note */',
      '  # iac-scan:ignore IAC-STG-006 second',
      ...RESOURCE,
    ].join('\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'first' }, 'infra/main.tf', [1, 1, 1, 36], false, 6),
      directive({ tool: 'iac-scan', ids: ['IAC-STG-006'], reason: 'second' }, 'infra/main.tf', [5, 3, 5, 39], false, 6),
    ]);
  });

  it('a blank line ends the stack: the directive is about that blank line', () => {
    const text = ['# iac-scan:ignore IAC-STG-002 spaced out', '', ...RESOURCE].join('\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'spaced out' }, 'infra/main.tf', [1, 1, 1, 41], false, 2),
    ]);
  });

  it('a trailing comment does not extend a stack above it', () => {
    const text = ['# iac-scan:ignore IAC-STG-002 above', 'locals { a = 1 } # note', ...RESOURCE].join('\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'above' }, 'infra/main.tf', [1, 1, 1, 36], false, 2),
    ]);
  });

  it('reads several rule ids (any case, with or without spaces after the comma)', () => {
    const text = ['// iac-scan:ignore iac-stg-002, IAC-STG-006,Iac-Stg-005 one reason for all', ...RESOURCE].join('\n');
    expect(tf(text).directives).toEqual([
      directive(
        { tool: 'iac-scan', ids: ['IAC-STG-002', 'IAC-STG-006', 'IAC-STG-005'], reason: 'one reason for all' },
        'infra/main.tf',
        [1, 1, 1, 75],
        false,
        2,
      ),
    ]);
  });

  it('accepts the marker in any case and drops a separator before the reason', () => {
    const text = [
      '# IAC-SCAN:IGNORE IAC-STG-002: colon',
      '# iac-scan:ignore IAC-STG-002 -- dashes',
      '# iac-scan:ignore IAC-STG-002 — em dash',
      '# iac-scan:ignore IAC-STG-002 - hyphen',
      ...RESOURCE,
    ].join('\n');
    expect(tf(text).directives.map((d) => [d.ids, d.reason])).toEqual([
      [['IAC-STG-002'], 'colon'],
      [['IAC-STG-002'], 'dashes'],
      [['IAC-STG-002'], 'em dash'],
      [['IAC-STG-002'], 'hyphen'],
    ]);
  });

  it('reads a block comment on lines of its own, joining its lines (and dropping leading *) into the reason', () => {
    const text = ['/*', ' * iac-scan:ignore IAC-STG-002 the reporting tool', ' * still speaks TLS 1.0', ' */', ...RESOURCE].join('\n');
    expect(tf(text).directives).toEqual([
      directive(
        { tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'the reporting tool still speaks TLS 1.0' },
        'infra/main.tf',
        [1, 1, 4, 4],
        false,
        5,
      ),
    ]);
  });

  it('reads a block comment in a CRLF file without carriage returns in the reason', () => {
    const text = ['/* iac-scan:ignore IAC-STG-002 old clients', '   still connect */', ...RESOURCE, ''].join('\r\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'old clients still connect' }, 'infra/main.tf', [1, 1, 2, 20], false, 3),
    ]);
  });

  it('a block comment followed by code on its line is about that line', () => {
    const text = [RESOURCE[0], RESOURCE[1], '  /* iac-scan:ignore IAC-STG-002 inline block */ min_tls_version = "TLS1_0"', RESOURCE[3]].join('\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'inline block' }, 'infra/main.tf', [3, 3, 3, 49], false, 3),
    ]);
  });

  it('a block comment ending in the middle of a line of code is about that line', () => {
    const text = [RESOURCE[0], RESOURCE[1], '  /* iac-scan:ignore IAC-STG-002', '     spans two lines */ min_tls_version = "TLS1_0"', RESOURCE[3]].join('\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'spans two lines' }, 'infra/main.tf', [3, 3, 4, 24], false, 4),
    ]);
  });

  it('reads a trailing block comment as trailing', () => {
    const text = [RESOURCE[0], RESOURCE[1], '  min_tls_version = "TLS1_0" /* iac-scan:ignore IAC-STG-002 legacy */', RESOURCE[3]].join('\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'legacy' }, 'infra/main.tf', [3, 30, 3, 70], true, 4),
    ]);
  });
});

describe('readDirectives: expiry dates', () => {
  const withExp = (exp: string) => tf([`# iac-scan:ignore IAC-STG-002 ${exp} waiting for the client upgrade`, ...RESOURCE].join('\n'));

  it('keeps a future date and applies the suppression', () => {
    expect(withExp('exp:2026-12-31')).toEqual({
      directives: [
        directive(
          { tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'waiting for the client upgrade', expires: '2026-12-31' },
          'infra/main.tf',
          [1, 1, 1, 76],
          false,
          2,
        ),
      ],
      diagnostics: [],
    });
  });

  it('still applies on the expiry day itself', () => {
    expect(withExp('exp:2026-11-30').directives.map((d) => d.expires)).toEqual(['2026-11-30']);
    expect(withExp('exp:2026-11-30').diagnostics).toEqual([]);
  });

  it('reports an expired date and does not apply the suppression', () => {
    expect(withExp('exp:2026-11-29')).toEqual({
      directives: [],
      diagnostics: [
        warning(
          'infra/main.tf',
          [1, 1, 1, 76],
          'The suppression for IAC-STG-002 expired on 2026-11-29, so it no longer suppresses anything. Fix the finding, or renew the date with a reason.',
        ),
      ],
    });
  });

  it('names only the known ids in the expiry message', () => {
    const r = tf(['# iac-scan:ignore IAC-STG-002,IAC-STG-006 exp:2025-01-31 both accepted', ...RESOURCE].join('\n'));
    expect(r.directives).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'The suppression for IAC-STG-002, IAC-STG-006 expired on 2025-01-31, so it no longer suppresses anything. Fix the finding, or renew the date with a reason.',
    ]);
  });

  it.each([
    ['exp:2026-13-01', "'exp:2026-13-01' is not a date: use exp:YYYY-MM-DD."],
    ['exp:2026-02-30', "'exp:2026-02-30' is not a date: use exp:YYYY-MM-DD."],
    ['exp:2026-2-1', "'exp:2026-2-1' is not a date: use exp:YYYY-MM-DD."],
    ['exp:31/12/2026', "'exp:31/12/2026' is not a date: use exp:YYYY-MM-DD."],
    ['exp:', "'exp:' is not a date: use exp:YYYY-MM-DD."],
  ])('reports %s as not a date and applies nothing', (exp, message) => {
    const r = withExp(exp);
    expect(r.directives).toEqual([]);
    expect(r.diagnostics).toEqual([warning('infra/main.tf', [1, 1, 1, 62 + exp.length], `${message} ${USAGE}`)]);
  });

  it('accepts 29 February of a leap year', () => {
    expect(withExp('exp:2028-02-29').directives.map((d) => d.expires)).toEqual(['2028-02-29']);
  });
});

describe('readDirectives: malformed iac-scan:ignore comments', () => {
  it('reports a comment without a reason, with its place, and applies nothing', () => {
    const text = [RESOURCE[0], RESOURCE[1], '  min_tls_version = "TLS1_0" # iac-scan:ignore IAC-STG-002', RESOURCE[3]].join('\n');
    expect(tf(text)).toEqual({
      directives: [],
      diagnostics: [
        warning(
          'infra/main.tf',
          [3, 30, 3, 59],
          "'iac-scan:ignore IAC-STG-002' has no reason, so it does not suppress anything. Say why the finding is accepted after the rule id.",
        ),
      ],
    });
  });

  it('reports a reason-less comment with several ids and an expiry date', () => {
    const r = tf(['# iac-scan:ignore IAC-STG-002,IAC-STG-006 exp:2027-01-01 --', ...RESOURCE].join('\n'));
    expect(r.directives).toEqual([]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "'iac-scan:ignore IAC-STG-002,IAC-STG-006' has no reason, so it does not suppress anything. Say why the finding is accepted after the rule id.",
    ]);
  });

  it.each([
    ['# iac-scan:ignore', 18],
    ['# iac-scan:ignore   ', 21],
    ['# iac-scan:ignore:IAC-STG-002 reason', 37],
    ['# iac-scan:ignore 42 reason', 28],
    ['# iac-scan:ignore -- only a reason', 35],
  ])('reports %j as missing the rule id', (comment, endColumn) => {
    expect(tf([comment, ...RESOURCE].join('\n'))).toEqual({
      directives: [],
      diagnostics: [warning('infra/main.tf', [1, 1, 1, endColumn], `'iac-scan:ignore' must be followed by the id of the rule to suppress. ${USAGE}`)],
    });
  });

  it('reports an unknown rule id and applies nothing', () => {
    expect(tf(['# iac-scan:ignore IAC-STG-999 typo in the id', ...RESOURCE].join('\n'))).toEqual({
      directives: [],
      diagnostics: [
        warning('infra/main.tf', [1, 1, 1, 45], "'iac-scan:ignore' names 'IAC-STG-999', which is not a loaded rule; it suppresses nothing. Check the rule id."),
      ],
    });
  });

  it('reports the unknown ids of a list and keeps the known ones', () => {
    const r = tf(['# iac-scan:ignore IAC-STG-002,CKV_AZURE_44,IAC-NOPE both accepted', ...RESOURCE].join('\n'));
    expect(r.directives).toEqual([
      directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'both accepted' }, 'infra/main.tf', [1, 1, 1, 66], false, 2),
    ]);
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "'iac-scan:ignore' names 'CKV_AZURE_44', 'IAC-NOPE', which is not a loaded rule; it suppresses nothing for that id. Check the rule id.",
    ]);
  });

  it('ignores comments that only mention iac-scan without the marker', () => {
    expect(tf(['# iac-scan reads this file; see iac-scan:ignored-for-now in the docs', '# plain comment', ...RESOURCE].join('\n'))).toEqual({
      directives: [],
      diagnostics: [],
    });
  });
});

describe('readDirectives: checkov:skip', () => {
  it('reads the id and the reason after the colon', () => {
    const text = [RESOURCE[0], '  #checkov:skip=CKV_AZURE_59:Public endpoint needed for the CDN', ...RESOURCE.slice(1)].join('\n');
    expect(tf(text)).toEqual({
      directives: [
        directive({ tool: 'checkov', ids: ['CKV_AZURE_59'], reason: 'Public endpoint needed for the CDN' }, 'infra/main.tf', [2, 3, 2, 64], false, 3),
      ],
      diagnostics: [],
    });
  });

  it('reads a skip without a reason (no diagnostic: Checkov does not require one) and upper-cases the id', () => {
    const text = ['// checkov:skip=ckv_azure_44', ...RESOURCE].join('\n');
    expect(tf(text)).toEqual({
      directives: [directive({ tool: 'checkov', ids: ['CKV_AZURE_44'], reason: undefined }, 'infra/main.tf', [1, 1, 1, 29], false, 2)],
      diagnostics: [],
    });
  });

  it('reads a trailing skip in Bicep', () => {
    const text = ["resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = { // checkov:skip=CKV_AZURE_59: reached through the CDN", "  name: 'sa1'", '}'].join('\n');
    expect(bicep(text)).toEqual({
      directives: [
        directive({ tool: 'checkov', ids: ['CKV_AZURE_59'], reason: 'reached through the CDN' }, 'main.bicep', [1, 64, 1, 117], true, 2),
      ],
      diagnostics: [],
    });
  });
});

describe('readDirectives: tfsec:ignore and trivy:ignore', () => {
  it('reads an AVD id without a reason', () => {
    expect(tf(['#trivy:ignore:AVD-AZU-0011', ...RESOURCE].join('\n'))).toEqual({
      directives: [directive({ tool: 'trivy', ids: ['AVD-AZU-0011'], reason: undefined, expires: undefined }, 'infra/main.tf', [1, 1, 1, 27], false, 2)],
      diagnostics: [],
    });
  });

  it('reads the expiry date and takes the text after the ignore as the reason', () => {
    const text = [RESOURCE[0], RESOURCE[1], '  min_tls_version = "TLS1_0" # tfsec:ignore:avd-azu-0011:exp:2026-12-01 legacy clients', RESOURCE[3]].join('\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'tfsec', ids: ['AVD-AZU-0011'], reason: 'legacy clients', expires: '2026-12-01' }, 'infra/main.tf', [3, 30, 3, 87], true, 4),
    ]);
  });

  it('reads several ignores in one comment, each with its own date, sharing the reason', () => {
    const text = ['# trivy:ignore:AVD-AZU-0011:exp:2026-11-30 trivy:ignore:AVD-AZU-0012:ws:prod accepted together', ...RESOURCE].join('\n');
    expect(tf(text)).toEqual({
      directives: [
        directive({ tool: 'trivy', ids: ['AVD-AZU-0011'], reason: 'accepted together', expires: '2026-11-30' }, 'infra/main.tf', [1, 1, 1, 95], false, 2),
        directive({ tool: 'trivy', ids: ['AVD-AZU-0012'], reason: 'accepted together', expires: undefined }, 'infra/main.tf', [1, 1, 1, 95], false, 2),
      ],
      diagnostics: [],
    });
  });

  it('reports an expired ignore and does not apply it, keeping the others of the comment', () => {
    const text = ['# tfsec:ignore:AVD-AZU-0011:exp:2026-11-29 tfsec:ignore:AVD-AZU-0012', ...RESOURCE].join('\n');
    expect(tf(text)).toEqual({
      directives: [directive({ tool: 'tfsec', ids: ['AVD-AZU-0012'], reason: undefined, expires: undefined }, 'infra/main.tf', [1, 1, 1, 69], false, 2)],
      diagnostics: [
        warning(
          'infra/main.tf',
          [1, 1, 1, 69],
          'The suppression tfsec:ignore:AVD-AZU-0011 expired on 2026-11-29, so it no longer suppresses anything. Fix the finding, or renew the date with a reason.',
        ),
      ],
    });
  });
});

describe('readDirectives: tfsec:ignore and trivy:ignore expiry dates', () => {
  const one = (comment: string) => tf([comment, ...RESOURCE].join('\n'));

  it('reads the date when other suffixes follow or precede it', () => {
    expect(one('# trivy:ignore:AVD-AZU-0011:ws:prod:exp:2027-01-01 r').directives.map((d) => [d.ids, d.expires, d.reason])).toEqual([
      [['AVD-AZU-0011'], '2027-01-01', 'r'],
    ]);
    expect(one('# trivy:ignore:AVD-AZU-0011:exp:2025-01-01:ws:prod')).toEqual({
      directives: [],
      diagnostics: [
        warning(
          'infra/main.tf',
          [1, 1, 1, 51],
          'The suppression trivy:ignore:AVD-AZU-0011 expired on 2025-01-01, so it no longer suppresses anything. Fix the finding, or renew the date with a reason.',
        ),
      ],
    });
  });

  it.each([
    ['# trivy:ignore:AVD-AZU-0011:exp:2026-1-1 still a reason', 'trivy:ignore:AVD-AZU-0011:exp:2026-1-1'],
    ['# trivy:ignore:AVD-AZU-0011:exp:9999-99-99', 'trivy:ignore:AVD-AZU-0011:exp:9999-99-99'],
    ['# tfsec:ignore:AVD-AZU-0011:exp: reason', 'tfsec:ignore:AVD-AZU-0011:exp:'],
  ])('reports %j as having no valid date and applies nothing', (comment, what) => {
    expect(one(comment)).toEqual({
      directives: [],
      diagnostics: [
        warning('infra/main.tf', [1, 1, 1, comment.length + 1], `'${what}' does not have a valid date, so it does not suppress anything. Write the date as :exp:YYYY-MM-DD.`),
      ],
    });
  });
});

describe('readDirectives: kics-scan', () => {
  it('reads ignore-line and ignore-block, with the text after them as the reason', () => {
    const text = ['# kics-scan ignore-block', RESOURCE[0], RESOURCE[1], '  # kics-scan ignore-line legacy clients', RESOURCE[2], RESOURCE[3]].join('\n');
    expect(tf(text)).toEqual({
      directives: [
        directive({ tool: 'kics', ids: [], kics: 'block', reason: undefined }, 'infra/main.tf', [1, 1, 1, 25], false, 2),
        directive({ tool: 'kics', ids: [], kics: 'line', reason: 'legacy clients' }, 'infra/main.tf', [4, 3, 4, 41], false, 5),
      ],
      diagnostics: [],
    });
  });

  it('treats a KICS comment at the end of a line as about the next line (never trailing)', () => {
    const text = [RESOURCE[0], '  name            = "sa1" # KICS-SCAN IGNORE-LINE', RESOURCE[2], RESOURCE[3]].join('\n');
    expect(tf(text).directives).toEqual([
      directive({ tool: 'kics', ids: [], kics: 'line', reason: undefined }, 'infra/main.tf', [2, 27, 2, 50], false, 3),
    ]);
  });

  it('ignores other kics-scan commands', () => {
    expect(tf(['# kics-scan disable=abc', '# kics-scan ignore', ...RESOURCE].join('\n'))).toEqual({ directives: [], diagnostics: [] });
  });
});

describe('readDirectives: only real comments count', () => {
  it('Terraform: markers inside strings, templates and heredocs are not directives', () => {
    const text = [
      'resource "azurerm_storage_account" "sa" {',
      '  name        = "sa1"',
      '  description = "iac-scan:ignore IAC-STG-002 x"',
      '  tags = {',
      '    a = "# iac-scan:ignore IAC-STG-002 in a string"',
      '    b = "${var.x} // checkov:skip=CKV_AZURE_44:in a template"',
      '    c = <<EOT',
      '# iac-scan:ignore IAC-STG-002 in a heredoc',
      '// tfsec:ignore:AVD-AZU-0011',
      '/* kics-scan ignore-line */',
      'EOT',
      '    d = <<-EOT',
      '      # iac-scan:ignore',
      '      %{ if true }# trivy:ignore:AVD-AZU-0011%{ endif }',
      '    EOT',
      '  }',
      '  min_tls_version = "TLS1_0"',
      '}',
    ].join('\n');
    expect(tf(text)).toEqual({ directives: [], diagnostics: [] });
  });

  it('Bicep: markers inside strings and multi-line strings are not directives', () => {
    const text = [
      "resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {",
      "  name: '// iac-scan:ignore IAC-STG-002 in a string'",
      "  tags: {",
      "    a: '/* checkov:skip=CKV_AZURE_44:x */'",
      "    b: '''",
      '// iac-scan:ignore',
      '// kics-scan ignore-line',
      "'''",
      '  }',
      '}',
    ].join('\n');
    expect(bicep(text)).toEqual({ directives: [], diagnostics: [] });
  });

  it('ARM: markers inside string values and keys are not directives', () => {
    const text = [
      '{',
      '  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",',
      '  "// iac-scan:ignore IAC-STG-002 key": "x",',
      '  "variables": { "a": "// iac-scan:ignore", "b": "/* trivy:ignore:AVD-AZU-0011 */" },',
      '  "resources": []',
      '}',
    ].join('\n');
    expect(arm(text)).toEqual({ directives: [], diagnostics: [] });
  });

  it('ARM: reads // and /* */ comments, trailing or not, in a file with a byte-order mark', () => {
    const text = [
      '\uFEFF{ // iac-scan:ignore IAC-STG-002 trailing on the first line',
      '  // iac-scan:ignore IAC-STG-006 own line',
      '  "resources": [], /* kics-scan ignore-line */',
      '  /* checkov:skip=CKV_AZURE_59:block */ "contentVersion": "1.0.0.0"',
      '}',
    ].join('\r\n');
    expect(arm(text)).toEqual({
      directives: [
        directive({ tool: 'iac-scan', ids: ['IAC-STG-002'], reason: 'trailing on the first line' }, 'azuredeploy.json', [1, 3, 1, 60], true, 3),
        directive({ tool: 'iac-scan', ids: ['IAC-STG-006'], reason: 'own line' }, 'azuredeploy.json', [2, 3, 2, 42], false, 3),
        directive({ tool: 'kics', ids: [], kics: 'line', reason: undefined }, 'azuredeploy.json', [3, 20, 3, 47], false, 4),
        directive({ tool: 'checkov', ids: ['CKV_AZURE_59'], reason: 'block' }, 'azuredeploy.json', [4, 3, 4, 40], false, 4),
      ],
      diagnostics: [],
    });
  });

  it('Bicep: reads a reason-less directive as a diagnostic with its place', () => {
    const text = ["resource sa 'Microsoft.Storage/storageAccounts@2023-05-01' = {", "  name: 'sa1' /* iac-scan:ignore IAC-STG-006 */", '}'].join('\n');
    expect(bicep(text, 'infra/storage.bicep')).toEqual({
      directives: [],
      diagnostics: [
        warning(
          'infra/storage.bicep',
          [2, 15, 2, 48],
          "'iac-scan:ignore IAC-STG-006' has no reason, so it does not suppress anything. Say why the finding is accepted after the rule id.",
        ),
      ],
    });
  });

  it('returns nothing for a file without comments or without markers', () => {
    expect(tf(RESOURCE.join('\n'))).toEqual({ directives: [], diagnostics: [] });
    expect(tf(['# just a note', ...RESOURCE].join('\n'))).toEqual({ directives: [], diagnostics: [] });
    expect(readDirectives([], '', 'empty.tf', OPTIONS)).toEqual({ directives: [], diagnostics: [] });
  });
});
