/**
 * Real-world Bicep: every `.bicep` file of Azure/bicep-registry-modules (published AVM modules, all accepted by the
 * Bicep compiler) and Azure/azure-docs-bicep-samples must parse without a crash and without diagnostics. The only
 * exceptions are documentation syntax templates with `<placeholders>`, which are not Bicep and must be reported.
 * Resources are counted from the AST and cross-checked against a line-based count of `resource name '…'`
 * outside block comments.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Expression, IfCondition, ResourceDeclaration, Statement } from '../../../src/parse/bicep/ast';
import { parseBicep } from '../../../src/parse/bicep/parseBicep';
import { sharedDir } from '../../support/shared';

const corpus = path.join(sharedDir(), 'data', 'corpus');
const roots = ['bicep-registry-modules', 'docs-samples'];

/** Documentation templates such as `module <symbolic-name> '<path-to-file>' = {…}`: not valid Bicep. */
const PLACEHOLDER_TEMPLATES = [
  'docs-samples/azure-docs-bicep-samples/syntax-samples/modules/conditional-definition.bicep',
  'docs-samples/azure-docs-bicep-samples/syntax-samples/modules/dependsOn-definition.bicep',
  'docs-samples/azure-docs-bicep-samples/syntax-samples/modules/iterative-definition.bicep',
  'docs-samples/azure-docs-bicep-samples/syntax-samples/modules/scope-definition.bicep',
];

function bicepFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...bicepFiles(p));
    else if (e.isFile() && e.name.endsWith('.bicep')) out.push(p);
  }
  return out;
}

/** Resources declared in a file, child resources included. */
function countResources(statements: Statement[]): number {
  let n = 0;
  const body = (b: Expression | IfCondition): void => {
    if (b.kind === 'IfCondition') return body(b.body);
    if (b.kind === 'For') return body(b.body);
    if (b.kind === 'Object') b.resources.forEach(resource);
  };
  const resource = (r: ResourceDeclaration): void => {
    n++;
    body(r.value);
  };
  for (const s of statements) if (s.kind === 'Resource') resource(s);
  return n;
}

/** Lines starting with `resource <name> '`, outside `/* … *\/` comments. */
function countResourceLines(text: string): number {
  const withoutBlockComments = text.replace(/\/\*[\s\S]*?\*\//g, '');
  return (withoutBlockComments.match(/^[ \t]*resource[ \t]+\w+[ \t]+'/gm) ?? []).length;
}

describe('Bicep corpus (bicep-registry-modules, docs-samples)', () => {
  it('parses every file without a crash, with diagnostics only for the placeholder templates', () => {
    const files = roots.flatMap((r) => bicepFiles(path.join(corpus, r))).sort();
    expect(files.length).toBeGreaterThan(2000);
    let bytes = 0;
    let resources = 0;
    let resourceLines = 0;
    const withDiagnostics: string[] = [];
    const crashed: string[] = [];
    const countMismatch: string[] = [];
    const started = performance.now();
    let parseMs = 0;
    for (const file of files) {
      const rel = path.relative(corpus, file).split(path.sep).join('/');
      const text = fs.readFileSync(file, 'utf8');
      bytes += Buffer.byteLength(text);
      let result: ReturnType<typeof parseBicep>;
      const t0 = performance.now();
      try {
        result = parseBicep(text, rel);
        parseMs += performance.now() - t0;
      } catch (err) {
        crashed.push(`${rel}: ${String(err)}`);
        continue;
      }
      if (result.diagnostics.length > 0) {
        const d = result.diagnostics[0]!;
        withDiagnostics.push(`${rel}:${d.line}:${d.column} ${d.message} (${result.diagnostics.length} diagnostics)`);
      }
      const n = countResources(result.program.statements);
      const m = countResourceLines(text);
      resources += n;
      resourceLines += m;
      if (n !== m) countMismatch.push(`${rel}: ${n} resources in the AST, ${m} resource lines`);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Bicep corpus: ${files.length} files, ${(bytes / 1e6).toFixed(2)} MB, ${resources} resources, ` +
        `${withDiagnostics.length} files with diagnostics; ${seconds.toFixed(1)} s in all, ${(parseMs / 1000).toFixed(2)} s parsing`,
    );

    expect(crashed).toEqual([]);
    const unexpected = withDiagnostics.filter((d) => !PLACEHOLDER_TEMPLATES.some((p) => d.startsWith(`${p}:`)));
    expect(unexpected, `files with diagnostics:\n${unexpected.join('\n')}`).toEqual([]);
    for (const template of PLACEHOLDER_TEMPLATES) {
      expect(withDiagnostics.some((d) => d.startsWith(`${template}:`)), `${template} is not valid Bicep`).toBe(true);
    }
    expect(countMismatch).toEqual([]);
    expect(resources).toBe(resourceLines);
    expect(resources).toBeGreaterThan(5000);
  }, 60_000);
});
