import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBicepTemplate } from '../../src/model/bicep/bicepModel';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { sharedDir } from '../support/shared';

/**
 * The Bicep compiler is the reference no one here wrote: every module of the Bicep registry corpus ships its
 * main.bicep with the main.json the compiler produced. Our model of the .bicep must have the same resources
 * (types, as a multiset; module deployments and `existing` references left out on both sides).
 */
describe('Bicep model against the compiled templates of the Bicep registry', () => {
  it('reads the same resources as the compiler emitted, for every module', () => {
    const root = path.join(sharedDir(), 'data', 'corpus', 'bicep-registry-modules');
    const differences: string[] = [];
    let modules = 0;
    for (const file of fs.readdirSync(root, { recursive: true }) as string[]) {
      if (path.basename(file) !== 'main.bicep' || !fs.existsSync(path.join(root, path.dirname(file), 'main.json'))) continue;
      modules++;
      const text = fs.readFileSync(path.join(root, file), 'utf8');
      const parsed = parseBicep(text, file);
      expect(parsed.diagnostics, file).toEqual([]);
      const keep = (type: string, existing: boolean) => !existing && type.toLowerCase() !== 'microsoft.resources/deployments';
      const ours = buildBicepTemplate(parsed.program, file, text.replace(/^\uFEFF/, ''))
        .resources.filter((r) => keep(r.type, r.existing))
        .map((r) => r.type.toLowerCase())
        .sort();
      const compiled = JSON.parse(fs.readFileSync(path.join(root, path.dirname(file), 'main.json'), 'utf8')) as { resources?: unknown };
      const list = (Array.isArray(compiled.resources) ? compiled.resources : Object.values(compiled.resources ?? {})) as { type?: string; existing?: boolean }[];
      const theirs = list
        .filter((r) => typeof r.type === 'string' && keep(r.type, r.existing === true))
        .map((r) => r.type!.toLowerCase())
        .sort();
      if (JSON.stringify(ours) !== JSON.stringify(theirs)) differences.push(`${file}: ours [${ours.join(', ')}], compiled [${theirs.join(', ')}]`);
    }
    expect(modules).toBe(562);
    expect(differences).toEqual([]);
  });
});
