/** docs/python.md stays true to docs/schema.json: every argument, output, type and enum value it uses exists there. */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

const ROOT = path.resolve(__dirname, "../..");
const page = fs.readFileSync(path.join(ROOT, "docs/python.md"), "utf8");

interface Prop {
  type?: string;
  $ref?: string;
  items?: Prop;
}
interface ObjectSpec {
  properties?: Record<string, Prop>;
  inputProperties?: Record<string, Prop>;
  required?: string[];
  requiredInputs?: string[];
  enum?: Array<{ name: string; value: string }>;
}
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "docs/schema.json"), "utf8")) as {
  resources: Record<string, ObjectSpec>;
  types: Record<string, ObjectSpec>;
};
const TOKEN = "s3-replication:index:";

function block(lang: string): string {
  const body = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(page)?.[1];
  assert.ok(body, `docs/python.md has a ${lang} block`);
  return body;
}

const camel = (snake: string): string => snake.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());
const typeOf = (ref: string | undefined): ObjectSpec | undefined =>
  ref ? schema.types[ref.replace("#/types/", "")] : undefined;

describe("docs/python.md against docs/schema.json", () => {
  it("YAML: the resource type, every property (nested types too), enum value and output exist", () => {
    const program = yaml.load(block("yaml")) as {
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
      outputs: Record<string, string>;
    };
    const orders = program.resources["orders"];
    assert.ok(orders);
    const resource = schema.resources[orders.type];
    assert.ok(resource, `${orders.type} is a schema resource`);
    const problems: string[] = [];
    const check = (
      where: string,
      values: Record<string, unknown>,
      props: Record<string, Prop>,
      required: string[],
    ): void => {
      for (const name of required) if (!(name in values)) problems.push(`${where}: required ${name} missing`);
      for (const [name, value] of Object.entries(values)) {
        const prop = props[name];
        if (!prop) {
          problems.push(`${where}.${name} is not in the schema`);
          continue;
        }
        const target = typeOf(prop.$ref ?? prop.items?.$ref);
        if (target?.enum && !target.enum.some((e) => e.value === value))
          problems.push(`${where}.${name}: ${String(value)} is not an enum value`);
        if (prop.type === "integer" && !Number.isInteger(value)) problems.push(`${where}.${name} must be an integer`);
        if (target?.properties) {
          for (const [i, item] of (Array.isArray(value) ? value : [value]).entries()) {
            check(`${where}.${name}[${i}]`, item as Record<string, unknown>, target.properties, target.required ?? []);
          }
        }
      }
    };
    check("orders", orders.properties, resource.inputProperties ?? {}, resource.requiredInputs ?? []);
    for (const expr of Object.values(program.outputs)) {
      const output = /^\$\{orders\.(\w+)\}$/.exec(expr)?.[1];
      if (output && !resource.properties?.[output]) problems.push(`output ${output} is not in the schema`);
    }
    assert.deepEqual(problems, []);
  });

  it("Python: every Args class is a schema type, every keyword its property, every enum member and output exists", () => {
    const program = block("python");
    const problems: string[] = [];
    const s3 = schema.resources[`${TOKEN}S3Replication`];
    assert.ok(s3);
    // Keyword arguments of each constructor call: S3Replication(...) and XxxArgs(...).
    for (const call of program.matchAll(
      /s3_replication\.(\w+)\(([^()]*(?:\([^()]*(?:\([^()]*\)[^()]*)*\)[^()]*)*)\)/g,
    )) {
      const [, cls = "", args = ""] = call;
      const spec = cls.endsWith("Args")
        ? schema.types[`${TOKEN}${cls.slice(0, -4)}`]
        : schema.resources[`${TOKEN}${cls}`];
      if (!spec) {
        problems.push(`${cls} is not in the schema`);
        continue;
      }
      const props = spec.inputProperties ?? spec.properties ?? {};
      const topLevel = args.replace(/\((?:[^()]|\([^()]*\))*\)/g, "()").replace(/\[[^\]]*\]/g, "[]");
      for (const [, kw = ""] of topLevel.matchAll(/(\w+)=/g))
        if (kw !== "opts" && !props[camel(kw)]) problems.push(`${cls}(${kw}=...) is not in the schema`);
    }
    for (const [, enumName = "", member = ""] of program.matchAll(/s3_replication\.(\w+)\.([A-Z_]+)\b/g)) {
      if (
        !schema.types[`${TOKEN}${enumName}`]?.enum?.some(
          (e) => e.value === member || e.name.replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase() === member,
        )
      )
        problems.push(`${enumName}.${member} is not an enum member`);
    }
    for (const [, output = ""] of program.matchAll(/orders\.(\w+)\)/g))
      if (!s3.properties?.[camel(output)]) problems.push(`output ${output} is not in the schema`);
    assert.deepEqual(problems, []);
    assert.ok(program.includes("s3_replication.DestinationArgs(") && program.includes("s3_replication.S3Replication("));
  });
});
