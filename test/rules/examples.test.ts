import { describe, expect, it } from 'vitest';
import { buildArmTemplates } from '../../src/model/arm/armModel';
import { findArmTemplate } from '../../src/model/arm/detect';
import { parseJson } from '../../src/parse/json/parseJson';
import { applyRules } from '../../src/rules/applyRules';
import { builtinRulesDir, loadRules } from '../../src/rules/loadRules';
import { buildTerraformModule } from '../../src/model/terraform/terraformModel';
import { parseHcl } from '../../src/parse/hcl/parseHcl';
import { parseBicep } from '../../src/parse/bicep/parseBicep';
import { buildBicepTemplate } from '../../src/model/bicep/bicepModel';
import type { Rule } from '../../src/rules/rule';

/**
 * Every rule's examples are its tests: each bad example must be flagged exactly on the lines marked
 * `// finding`, and each good example must not be flagged at all.
 */
const rules = loadRules([builtinRulesDir()]);
const MARKER = /\/\/\s*finding\b/;
const HCL_MARKER = /#\s*finding\b/;

function markedLines(text: string, marker = MARKER): number[] {
  return text.split('\n').flatMap((line, i) => (marker.test(line) ? [i + 1] : []));
}

function bicepFindingLines(rule: Rule, text: string): number[] {
  const parsed = parseBicep(text, 'main.bicep');
  expect(parsed.diagnostics, 'the example must be valid Bicep').toEqual([]);
  return applyRules([buildBicepTemplate(parsed.program, 'main.bicep', text)], [rule])
    .map((f) => f.location.line)
    .sort((a, b) => a - b);
}

function terraformFindingLines(rule: Rule, text: string): number[] {
  const parsed = parseHcl(text, 'main.tf');
  expect(parsed.diagnostics, 'the example must be valid HCL').toEqual([]);
  const template = buildTerraformModule([{ file: 'main.tf', body: parsed.body!, source: parsed.source }], [], undefined, '.');
  return applyRules([template], [rule])
    .map((f) => f.location.line)
    .sort((a, b) => a - b);
}

function armFindingLines(rule: Rule, text: string): number[] {
  const parsed = parseJson(text, 'example.json', { armExpressions: true });
  expect(parsed.diagnostics, 'the example must be valid JSON').toEqual([]);
  const root = findArmTemplate(parsed.root);
  expect(root, 'the example must be an ARM template ($schema deploymentTemplate.json)').toBeDefined();
  return applyRules(buildArmTemplates(root!, 'example.json'), [rule])
    .map((f) => f.location.line)
    .sort((a, b) => a - b);
}

describe('rule examples (ARM)', () => {
  it('loads at least 25 rules', () => {
    expect(rules.length).toBeGreaterThanOrEqual(25);
  });
  for (const rule of rules) {
    const arm = rule.examples.arm;
    if (!arm) continue;
    describe(rule.id, () => {
      arm.bad.forEach((example, i) => {
        it(`bad example ${i + 1} is flagged on its marked lines`, () => {
          const expected = markedLines(example);
          expect(expected.length, 'a bad example marks at least one line with // finding').toBeGreaterThan(0);
          expect(armFindingLines(rule, example)).toEqual(expected);
        });
      });
      arm.good.forEach((example, i) => {
        it(`good example ${i + 1} is not flagged`, () => {
          expect(markedLines(example)).toEqual([]);
          expect(armFindingLines(rule, example)).toEqual([]);
        });
      });
    });
  }
});

describe('rule examples (Terraform)', () => {
  for (const rule of rules) {
    const tf = rule.examples.terraform;
    if (!tf) continue;
    describe(rule.id, () => {
      tf.bad.forEach((example, i) => {
        it(`bad example ${i + 1} is flagged on its marked lines`, () => {
          const expected = markedLines(example, HCL_MARKER);
          expect(expected.length, 'a bad example marks at least one line with # finding').toBeGreaterThan(0);
          expect(terraformFindingLines(rule, example)).toEqual(expected);
        });
      });
      tf.good.forEach((example, i) => {
        it(`good example ${i + 1} is not flagged`, () => {
          expect(markedLines(example, HCL_MARKER)).toEqual([]);
          expect(terraformFindingLines(rule, example)).toEqual([]);
        });
      });
    });
  }
});

describe('rule examples (Bicep)', () => {
  for (const rule of rules) {
    const bicep = rule.examples.bicep;
    if (!bicep) continue;
    describe(rule.id, () => {
      bicep.bad.forEach((example, i) => {
        it(`bad example ${i + 1} is flagged on its marked lines`, () => {
          const expected = markedLines(example);
          expect(expected.length, 'a bad example marks at least one line with // finding').toBeGreaterThan(0);
          expect(bicepFindingLines(rule, example)).toEqual(expected);
        });
      });
      bicep.good.forEach((example, i) => {
        it(`good example ${i + 1} is not flagged`, () => {
          expect(markedLines(example)).toEqual([]);
          expect(bicepFindingLines(rule, example)).toEqual([]);
        });
      });
    });
  }
});
