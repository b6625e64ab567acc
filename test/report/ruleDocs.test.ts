import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchemaJson } from '../../src/config/configFile';
import { rulePage, withIndex } from '../../src/report/ruleDocs';
import { builtinRulesDir, loadRules } from '../../src/rules/loadRules';

const docs = path.resolve(__dirname, '..', '..', 'docs');
const rules = loadRules([builtinRulesDir()]);
const STALE = 'the rule documentation is stale: run `npm run docs` and commit docs/';

describe('generated rule documentation', () => {
  it('has one up-to-date page per rule, and no page for a rule that is gone', () => {
    const pages = fs.readdirSync(path.join(docs, 'rules')).sort();
    expect(pages, STALE).toEqual(rules.map((r) => `${r.id}.md`).sort());
    for (const rule of rules) expect(fs.readFileSync(path.join(docs, 'rules', `${rule.id}.md`), 'utf8'), `${rule.id}: ${STALE}`).toBe(rulePage(rule));
  });

  it('has an up-to-date configuration schema in docs/iac-scan.schema.json', () => {
    expect(fs.readFileSync(path.join(docs, 'iac-scan.schema.json'), 'utf8'), STALE).toBe(configSchemaJson());
  });

  it('has an up-to-date index in docs/rules.md', () => {
    const current = fs.readFileSync(path.join(docs, 'rules.md'), 'utf8');
    expect(current, STALE).toBe(withIndex(current, rules));
  });

  it('renders a page with the rule, its checks and its examples', () => {
    const page = rulePage(rules.find((r) => r.id === 'IAC-STG-001')!);
    expect(page.split('\n').slice(0, 3)).toEqual([
      '# IAC-STG-001: Storage account accepts unencrypted HTTP requests',
      '',
      '**Severity:** high · **Formats:** ARM, Bicep, Terraform · **Cross-walk:** STG-01',
    ]);
    expect(page).toContain('resourceTypes:\n  - Microsoft.Storage/storageAccounts');
    expect(page).toContain('### Terraform');
    expect(page).toContain('https_traffic_only_enabled = false # finding');
  });
});
