// Policy config is merged and validated the way the engine does before Configure.
import * as assert from "node:assert/strict";
import type { Policies, ResourceValidationArgs } from "@pulumi/policy";
import { runPolicies } from "../../policypack/testing";
import Ajv from "ajv";
import {
  goNumber,
  isMultipleOf,
  validateSchema,
  formatSchemaError,
  UnsupportedSchemaError,
} from "../../policypack/harness/jsonSchema";

function configuredPolicies(seen: Record<string, unknown>[]): Policies {
  return [
    {
      name: "allowed-regions",
      description: "Destinations must be in allowed regions.",
      enforcementLevel: "advisory",
      configSchema: {
        properties: {
          regions: {
            type: "array",
            items: { type: "string", pattern: "^[a-z]{2}-[a-z]+-\\d$" },
            minItems: 1,
            default: ["eu-west-1"],
          },
          maxDestinations: { type: "integer", minimum: 1, maximum: 5, default: 2 },
          mode: { type: "string", enum: ["strict", "lenient"] },
        },
        required: ["mode"],
      },
      validateStack: (args, report) => {
        seen.push(args.getConfig());
        report("ran");
      },
    },
    {
      name: "other",
      description: "Has no config.",
      enforcementLevel: "mandatory",
      validateResource: (args: ResourceValidationArgs) => {
        seen.push({ other: args.getConfig() });
      },
    },
  ];
}

const empty = () => undefined;

describe("harness: policy config", () => {
  it("merges schema defaults with the given properties", async () => {
    const seen: Record<string, unknown>[] = [];
    const r = await runPolicies(empty, {
      policies: configuredPolicies(seen),
      config: { "allowed-regions": { mode: "strict", maxDestinations: 3 } },
    });
    assert.deepEqual(seen.at(-1), { regions: ["eu-west-1"], maxDestinations: 3, mode: "strict" });
    assert.deepEqual(
      r.violations.map((v) => v.enforcementLevel),
      ["advisory"],
    );
  });

  it("accepts and strips the ESC 'environments' key as the engine does, and refuses a malformed one", async () => {
    const seen: Record<string, unknown>[] = [];
    const r = await runPolicies(empty, {
      policies: configuredPolicies(seen),
      config: {
        environments: ["acme/policy-secrets"],
        "allowed-regions": { mode: "strict", enforcementLevel: "mandatory" },
      },
    });
    assert.deepEqual(seen.at(-1), { regions: ["eu-west-1"], maxDestinations: 2, mode: "strict" });
    assert.deepEqual(
      r.violations.map((v) => v.enforcementLevel),
      ["mandatory"],
    );
    await assert.rejects(
      runPolicies(empty, {
        policies: configuredPolicies([]),
        config: { environments: "acme/x", "allowed-regions": { mode: "strict" } },
      }),
      /"environments" must be an array of strings, got string/,
    );
    await assert.rejects(
      runPolicies(empty, { policies: configuredPolicies([]), config: { environments: ["acme/x", 3] } }),
      /"environments\[1\]" must be a string, got float64/,
    );
  });

  it("takes enforcement levels as a string or an object member, and 'all'", async () => {
    const seen: Record<string, unknown>[] = [];
    const r1 = await runPolicies(empty, {
      policies: configuredPolicies(seen),
      config: { "allowed-regions": { enforcementLevel: "mandatory", mode: "lenient" } },
    });
    assert.deepEqual(
      r1.violations.map((v) => v.enforcementLevel),
      ["mandatory"],
    );
    assert.deepEqual(
      seen.at(-1),
      { regions: ["eu-west-1"], maxDestinations: 2, mode: "lenient" },
      "enforcementLevel is not a property",
    );
    const r2 = await runPolicies(empty, {
      policies: configuredPolicies(seen),
      config: { all: "disabled", "allowed-regions": { mode: "strict" } },
    });
    assert.deepEqual(r2.violations, []);
    const r3 = await runPolicies(empty, {
      policies: configuredPolicies(seen),
      config: { all: "mandatory", "allowed-regions": { mode: "strict", enforcementLevel: "advisory" } },
    });
    assert.deepEqual(
      r3.violations.map((v) => v.enforcementLevel),
      ["advisory"],
    );
  });

  it("rejects config that fails the policy's schema, with the engine's messages, before the program runs", async () => {
    let ran = false;
    const program = () => {
      ran = true;
    };
    await assert.rejects(runPolicies(program, { policies: configuredPolicies([]) }), (err: Error) => {
      assert.match(
        err.message,
        /validating policy config: s3-replication 0\.1\.0 {2}allowed-regions: mode is required/,
      );
      return true;
    });
    await assert.rejects(
      runPolicies(program, {
        policies: configuredPolicies([]),
        config: { "allowed-regions": { mode: "fast", maxDestinations: 9, regions: ["EU"] } },
      }),
      (err: Error) => {
        assert.match(err.message, /allowed-regions: mode: mode must be one of the following: "strict", "lenient"/);
        assert.match(err.message, /allowed-regions: maxDestinations: Must be less than or equal to 5/);
        assert.match(err.message, /allowed-regions: regions\.0: Does not match pattern/);
        return true;
      },
    );
    await assert.rejects(
      runPolicies(program, {
        policies: configuredPolicies([]),
        config: { "allowed-regions": { mode: "strict", maxDestinations: 1.5 } },
      }),
      /maxDestinations: Invalid type\. Expected: integer, given: number/,
    );
    await assert.rejects(
      runPolicies(program, { policies: configuredPolicies([]), config: { "allowed-regions": "loud" } }),
      /parsing enforcement level for "allowed-regions": "loud" is not a valid enforcement level/,
    );
    await assert.rejects(
      runPolicies(program, { policies: configuredPolicies([]), config: { other: 3 } }),
      /parsing "other": 3 is not a valid value; must be a string or object/,
    );
    await assert.rejects(
      runPolicies(program, {
        policies: configuredPolicies([]),
        config: { "allowed-regions": { mode: "strict" }, typo: { x: 1 } },
      }),
      /invalid enforcement level ""/,
    );
    assert.equal(ran, false);
  });

  it("does not enforce undeclared top-level properties (the SDK sends only properties and required)", async () => {
    const seen: Record<string, unknown>[] = [];
    await runPolicies(empty, {
      policies: configuredPolicies(seen),
      config: { "allowed-regions": { mode: "strict", extra: true } },
    });
    assert.equal(seen.at(-1)?.["extra"], true);
  });
});

describe("harness: JSON schema subset", () => {
  it("validates nested objects, arrays and additionalProperties", () => {
    const schema = {
      type: "object",
      properties: {
        accounts: {
          type: "object",
          additionalProperties: { type: "string", pattern: "^\\d{12}$" },
          minProperties: 1,
        },
        list: { type: "array", uniqueItems: true, maxItems: 2 },
        strict: { type: "object", properties: { a: { type: "boolean" } }, additionalProperties: false },
      },
    };
    assert.deepEqual(
      validateSchema(schema, { accounts: { dr: "123456789012" }, list: [1, 2], strict: { a: true } }),
      [],
    );
    const errors = validateSchema(schema, { accounts: { dr: "12" }, list: [1, 1, 2], strict: { b: 1 } }).map(
      formatSchemaError,
    );
    assert.deepEqual(errors, [
      "accounts.dr: Does not match pattern '^\\d{12}$'",
      "list: Array must have at most 2 items",
      "list: array items[0,1] must be unique",
      "strict: Additional property b is not allowed",
    ]);
    assert.deepEqual(validateSchema({ type: "number", exclusiveMinimum: 0 }, 0).map(formatSchemaError), [
      "Must be greater than 0",
    ]);
    assert.deepEqual(validateSchema({ type: ["string", "null"] }, null), []);
  });

  it("treats Object.prototype names (constructor, toString) as ordinary property names", () => {
    const schema = {
      type: "object",
      properties: { toString: { type: "string" } },
      required: ["constructor"],
      additionalProperties: false,
    };
    const errors = validateSchema(schema, JSON.parse('{"toString": 1, "valueOf": "x"}') as Record<string, unknown>).map(
      formatSchemaError,
    );
    // gojsonschema's order too: the object's own keywords (validateObject), then its properties.
    assert.deepEqual(errors, [
      "constructor is required",
      "Additional property valueOf is not allowed",
      "toString: Invalid type. Expected: string, given: integer",
    ]);
    assert.deepEqual(
      validateSchema(schema, JSON.parse('{"toString": "a", "constructor": 1}') as Record<string, unknown>).map(
        formatSchemaError,
      ),
      ["Additional property constructor is not allowed"],
    );
  });

  it("refuses keywords it does not implement instead of ignoring them", () => {
    assert.throws(() => validateSchema({ type: "string", format: "uri" }, "x"), UnsupportedSchemaError);
    assert.throws(() => validateSchema({ contains: { type: "string" } }, ["x"]), /keyword 'contains'/);
    assert.throws(
      () => validateSchema({ type: "object", properties: { a: { anyOf: [{ type: "string" }] } } }, { a: 1 }),
      /keyword 'anyOf'/,
    );
    // Draft-04's boolean exclusiveMinimum (gojsonschema's hybrid draft reads it; @pulumi/policy's type does not allow it).
    assert.throws(
      () => validateSchema({ type: "number", minimum: 0, exclusiveMinimum: true }, 0),
      /invalid JSON schema: .*exclusiveMinimum must be number/,
    );
    // Keywords no draft defines are ignored, as gojsonschema ignores them.
    assert.deepEqual(validateSchema({ type: "string", "x-doc": "a note", deprecated: true }, "a"), []);
  });

  // The engine validates policy config with gojsonschema v1.2.0 (pulumi/pulumi
  // pkg/resource/analyzer/config.go); the harness validates with ajv and keeps where they differ.
  it('words a nested error as the engine: {{.field}} is the whole path (errors.go: details["field"] = err.Field())', () => {
    const schema = {
      type: "object",
      properties: { checks: { type: "object", properties: { S3R013: { type: "string", enum: ["advisory"] } } } },
    };
    assert.deepEqual(validateSchema(schema, { checks: { S3R013: "remediate" } }).map(formatSchemaError), [
      'checks.S3R013: checks.S3R013 must be one of the following: "advisory"',
    ]);
    assert.deepEqual(validateSchema({ type: ["string", "null"] }, 1).map(formatSchemaError), [
      "Invalid type. Expected: [string,null], given: integer",
    ]);
    // One error for all the extra items (validateArray adds ArrayNoAdditionalItemsError once).
    assert.deepEqual(
      validateSchema({ type: "array", items: [{ type: "string" }], additionalItems: false }, ["a", 1, 2]).map(
        formatSchemaError,
      ),
      ["No additional items allowed on array"],
    );
    assert.deepEqual(validateSchema({ type: "array", uniqueItems: true }, ["a", "a", "a"]).map(formatSchemaError), [
      "array items[0,1] must be unique",
      "array items[1,2] must be unique",
    ]);
  });

  it("keeps gojsonschema's semantics where ajv's differ: exact decimal multipleOf, a type error alone", () => {
    // gojsonschema divides big.Rat decimals: 0.3 is a multiple of 0.1. ajv divides floats and refuses it.
    assert.equal(new Ajv().validate({ type: "number", multipleOf: 0.1 }, 0.3), false);
    assert.deepEqual(validateSchema({ type: "number", multipleOf: 0.1 }, 0.3), []);
    assert.deepEqual(validateSchema({ type: "number", multipleOf: 0.1 }, 0.35).map(formatSchemaError), [
      "Must be a multiple of 0.1",
    ]);
    assert.equal(isMultipleOf(1e21, 1e-7), true);
    assert.equal(isMultipleOf(-4.5, 1.5), true);
    assert.equal(isMultipleOf(7, 2), false);
    // gojsonschema returns after a type error (validateRecursive); ajv also reports the enum.
    const schema = { type: "string", enum: ["advisory", "mandatory"] };
    const plain = new Ajv({ allErrors: true });
    assert.equal(plain.validate(schema, 5), false);
    assert.deepEqual(
      plain.errors?.map((e) => e.keyword),
      ["type", "enum"],
    );
    assert.deepEqual(validateSchema(schema, 5).map(formatSchemaError), [
      "Invalid type. Expected: string, given: integer",
    ]);
  });

  it("prints limits as Go's big.Float does (%g, 10 significant digits)", () => {
    assert.deepEqual([5, 0.1, 1000000, 1e-7, 1e10, 1 / 3, -2.5].map(goNumber), [
      "5",
      "0.1",
      "1000000",
      "1e-07",
      "1e+10",
      "0.3333333333",
      "-2.5",
    ]);
    assert.deepEqual(validateSchema({ type: "number", maximum: 1e10 }, 2e10).map(formatSchemaError), [
      "Must be less than or equal to 1e+10",
    ]);
  });
});
