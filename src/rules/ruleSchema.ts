/**
 * JSON Schema (draft-07) of a rule file. Shapes only: the loader adds the checks a schema says badly
 * (exactly one operator per condition, paths that parse, regexes that compile).
 */
const scalar = { type: ['string', 'number', 'boolean', 'null'] };
const stringList = { type: 'array', items: { type: 'string', minLength: 1 } };
const oneOrMany = { anyOf: [{ type: 'string', minLength: 1 }, stringList] };

const condition = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    path: { type: 'string', minLength: 1 },
    default: {},
    quantifier: { enum: ['all', 'any'] },
    exists: { type: 'boolean' },
    hasValue: { type: 'boolean' },
    equals: scalar,
    notEquals: scalar,
    in: { type: 'array', items: scalar, minItems: 1 },
    notIn: { type: 'array', items: scalar, minItems: 1 },
    regex: { type: 'string', minLength: 1 },
    less: { type: ['number', 'string'] },
    lessOrEquals: { type: ['number', 'string'] },
    greater: { type: ['number', 'string'] },
    greaterOrEquals: { type: ['number', 'string'] },
    contains: scalar,
    coversPort: { type: 'integer', minimum: 0, maximum: 65535 },
    readsSecret: { type: 'boolean' },
    allOf: { type: 'array', items: { $ref: '#/definitions/condition' } },
    anyOf: { type: 'array', items: { $ref: '#/definitions/condition' }, minItems: 1 },
    not: { $ref: '#/definitions/condition' },
    parent: { $ref: '#/definitions/condition' },
    anyChild: {
      type: 'object',
      additionalProperties: false,
      required: ['type'],
      properties: { type: { type: 'string', minLength: 1 }, check: { $ref: '#/definitions/condition' } },
    },
    referencedBy: {
      type: 'object',
      additionalProperties: false,
      required: ['type', 'attribute'],
      properties: {
        type: { type: 'string', minLength: 1 },
        attribute: { type: 'string', minLength: 1 },
        check: { $ref: '#/definitions/condition' },
      },
    },
  },
};

const target = {
  type: 'object',
  additionalProperties: false,
  required: ['check'],
  properties: {
    resourceType: oneOrMany,
    declarations: { enum: ['parameters', 'outputs'] },
    where: { $ref: '#/definitions/condition' },
    forEach: { type: 'string', minLength: 1 },
    check: { $ref: '#/definitions/condition' },
    location: oneOrMany,
    message: { type: 'string', minLength: 1 },
    hideValue: { type: 'boolean' },
    fix: { type: 'object', additionalProperties: false, required: ['value'], properties: { value: scalar } },
  },
};

const examples = {
  type: 'object',
  additionalProperties: false,
  required: ['bad', 'good'],
  properties: {
    bad: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
    good: { type: 'array', items: { type: 'string', minLength: 1 }, minItems: 1 },
  },
};

export const ruleSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://iac-scan.dev/schemas/rule.json',
  title: 'iac-scan rule',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'severity', 'description', 'remediation', 'helpUri', 'examples'],
  definitions: { condition, target },
  properties: {
    id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_.-]{1,63}$' },
    title: { type: 'string', minLength: 5, maxLength: 120 },
    severity: { enum: ['critical', 'high', 'medium', 'low', 'info'] },
    description: { type: 'string', minLength: 10 },
    remediation: {
      oneOf: [
        { type: 'string', minLength: 10 },
        {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            arm: { type: 'string', minLength: 10 },
            bicep: { type: 'string', minLength: 10 },
            terraform: { type: 'string', minLength: 10 },
          },
        },
      ],
    },
    helpUri: { type: 'string', pattern: '^https://' },
    crosswalk: { type: 'array', items: { type: 'string', pattern: '^[A-Z]+-\\d{2}$' } },
    peers: {
      type: 'object',
      additionalProperties: false,
      properties: {
        checkov: stringList,
        kics: stringList,
        trivy: stringList,
        templateAnalyzer: stringList,
        psrule: stringList,
      },
    },
    tags: stringList,
    azure: { anyOf: [{ $ref: '#/definitions/target' }, { type: 'array', items: { $ref: '#/definitions/target' }, minItems: 1 }] },
    terraform: { anyOf: [{ $ref: '#/definitions/target' }, { type: 'array', items: { $ref: '#/definitions/target' }, minItems: 1 }] },
    examples: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { arm: examples, bicep: examples, terraform: examples },
    },
  },
} as const;
