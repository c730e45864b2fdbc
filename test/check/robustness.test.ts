// The checker distrusts the export's shape: unusable input is exit 2 naming the resource and the
// property, a value of the wrong type is never silently dropped, names cannot drive the terminal,
// and files it cannot write are named. Run in process through the CLI's main (same code as bin.js).
import * as assert from "node:assert/strict";
import * as fs from "fs";
import { checkInProcess, legacy, tmp } from "./support";

const run = checkInProcess;

type Resource = Record<string, unknown>;

/** The legacy export changed by `change`, written to a temp file. */
function exportWith(name: string, change: (resources: Resource[]) => void): string {
  const doc = legacy();
  change(doc.deployment.resources);
  return tmp(`${name}.json`, JSON.stringify(doc));
}

const byType = (resources: Resource[], type: string): Resource => resources.find((r) => r["type"] === type)!;
const DST_KEY = "urn:pulumi:prod::legacy-dr::aws:kms/key:Key::orders-dr-key";
const SRC_BUCKET = "urn:pulumi:prod::legacy-dr::aws:s3/bucket:Bucket::orders";

describe("check: the export's shape is not trusted", () => {
  it("exit 2 on a URN that appears twice among the live resources, naming it", async () => {
    const file = exportWith("duplicate", (rs) => {
      rs.push({ ...rs.find((r) => r["urn"] === DST_KEY)! });
    });
    const r = await run([file]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, new RegExp(`resource ${DST_KEY} appears twice`));
  });

  it("a pending delete may share its URN with the live resource", async () => {
    const file = exportWith("pending-delete", (rs) => {
      rs.push({ ...rs.find((r) => r["urn"] === DST_KEY)!, delete: true });
    });
    const r = await run([file, "--format", "json"]);
    assert.equal(r.status, 1, r.stderr);
  });

  for (const [what, property, change] of [
    [
      "a number for a bucket name",
      "outputs.bucket",
      (rs: Resource[]) => {
        (rs.find((r) => r["urn"] === SRC_BUCKET)!["outputs"] as Resource)["bucket"] = 7;
      },
    ],
    [
      "a boolean for a region",
      "inputs.region",
      (rs: Resource[]) => {
        (byType(rs, "pulumi:providers:aws")["inputs"] as Resource)["region"] = true;
      },
    ],
    [
      "a number for a key ARN",
      "outputs.arn",
      (rs: Resource[]) => {
        (rs.find((r) => r["urn"] === DST_KEY)!["outputs"] as Resource)["arn"] = 12;
      },
    ],
  ] as const) {
    it(`exit 2 on ${what}, naming the resource and the property`, async () => {
      const r = await run([exportWith(property, change)]);
      assert.equal(r.status, 2);
      assert.match(
        r.stderr,
        new RegExp(`resource urn:pulumi:\\S+ property ${property.replace(".", "\\.")} is the (number|boolean)`),
      );
    });
  }

  it("exit 2 on a wrong-typed value deep in a list, or a ciphertext there, naming its whole path", async () => {
    const rules = (rs: Resource[]): Array<Record<string, Resource>> =>
      ((rs.find((r) => r["urn"] === SRC_BUCKET)!["outputs"] as Resource)["replicationConfiguration"] as Resource)[
        "rules"
      ] as Array<Record<string, Resource>>;
    const number = await run([
      exportWith("deep-number", (rs) => {
        rules(rs)[0]!["destination"]!["bucket"] = 9;
      }),
    ]);
    assert.equal(number.status, 2);
    assert.match(
      number.stderr,
      /resource \S+ property outputs\.replicationConfiguration\.rules\[0\]\.destination\.bucket is the number 9 where/,
    );
    const cipher = await run([
      exportWith("deep-ciphertext", (rs) => {
        rules(rs)[0]!["destination"]!["storageClass"] = {
          "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
          ciphertext: "x",
        };
      }),
    ]);
    assert.equal(cipher.status, 2);
    assert.match(
      cipher.stderr,
      /resource \S+ property outputs\.replicationConfiguration\.rules\[0\]\.destination\.storageClass is an encrypted secret/,
    );
  });

  it("exit 2 on a numeric id or parent, naming the property", async () => {
    const id = await run([
      exportWith("numeric-id", (rs) => {
        rs.find((r) => r["urn"] === DST_KEY)!["id"] = 42;
      }),
    ]);
    assert.equal(id.status, 2);
    assert.match(id.stderr, new RegExp(`resource ${DST_KEY} property id is the number 42`));
    const parent = await run([
      exportWith("numeric-parent", (rs) => {
        rs.find((r) => r["urn"] === DST_KEY)!["parent"] = 1;
      }),
    ]);
    assert.equal(parent.status, 2);
    assert.match(parent.stderr, /property parent is the number 1/);
  });

  it("exit 2 on a provider reference to a resource that is not a provider", async () => {
    const key = legacy().deployment.resources.find((r) => r["urn"] === DST_KEY)!;
    const r = await run([
      exportWith("provider-not-provider", (rs) => {
        rs.find((x) => x["urn"] === SRC_BUCKET)!["provider"] = `${DST_KEY}::${String(key["id"])}`;
      }),
    ]);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      new RegExp(`resource ${SRC_BUCKET} property provider names ${DST_KEY}, a aws:kms/key:Key, not a provider`),
    );
  });

  it("exit 2 on nesting deeper than any AWS property, naming the resource and property", async () => {
    const file = exportWith("deep", (rs) => {
      (rs.find((r) => r["urn"] === SRC_BUCKET)!["outputs"] as Resource)["tags"] = "@DEEP@";
    });
    fs.writeFileSync(
      file,
      fs.readFileSync(file, "utf8").replace('"@DEEP@"', `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`),
    );
    const r = await run([file]);
    assert.equal(r.status, 2);
    assert.match(
      r.stderr,
      new RegExp(`resource ${SRC_BUCKET} property outputs\\.tags\\.a\\.a.*nests deeper than 64 levels`),
    );
  });
});

describe("check: no list, an empty list, a config nested thousands deep", () => {
  it("exit 2 on an export without a resources list, saying why", async () => {
    const doc = legacy();
    delete (doc.deployment as Record<string, unknown>)["resources"];
    const r = await run([tmp("no-resources.json", JSON.stringify(doc))]);
    assert.equal(r.status, 2, r.stdout);
    assert.match(r.stderr, /has no deployment\.resources list, so there is nothing to judge/);
  });

  it("an empty resources list is an empty stack: exit 0, no finding", async () => {
    const doc = legacy();
    doc.deployment.resources = [];
    const r = await run([tmp("no-resources-empty.json", JSON.stringify(doc)), "--format", "json"]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { summary: { findings: number; paths: number } };
    assert.deepEqual([report.summary.findings, report.summary.paths], [0, 0]);
  });

  it("exit 2 on a --config nested 20,000 deep, naming where (not a stack overflow)", async () => {
    const deep = `{"all":"advisory","x":${"[".repeat(20_000)}${"]".repeat(20_000)}}`;
    const r = await run([
      tmp("legacy-for-deep-config.json", JSON.stringify(legacy())),
      "--config",
      tmp("deep-config.json", deep),
    ]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /config file .*deep-config\.json: config\.x\[0\]\[0\].* nests deeper than 64 levels/);
    assert.doesNotMatch(r.stderr, /call stack/);
  });
});

describe("check: two resources with the same bucket name", () => {
  it("give the same verdict in any order, and a finding naming both (S3R069)", async () => {
    const verdicts: string[][] = [];
    for (const first of [true, false]) {
      const file = exportWith(`same-bucket-name-${String(first)}`, (rs) => {
        const i = rs.findIndex((r) => r["urn"] === SRC_BUCKET.replace(/orders$/, "orders-dr"));
        const copy = JSON.parse(JSON.stringify(rs[i])) as Resource;
        copy["urn"] = String(copy["urn"]).replace(/orders-dr$/, "orders-dr-copy");
        delete (copy["outputs"] as Resource)["serverSideEncryptionConfiguration"];
        rs.splice(first ? i + 1 : i, 0, copy);
      });
      const r = await run([file, "--format", "json"]);
      const report = JSON.parse(r.stdout) as { findings: Array<{ code: string; policyName: string; problem: string }> };
      verdicts.push(report.findings.map((f) => `${f.code} ${f.policyName} ${f.problem}`).sort());
    }
    assert.deepEqual(verdicts[0], verdicts[1]);
    const claim = verdicts[0]!.find((f) => f.startsWith("S3R069 "));
    assert.ok(claim, verdicts[0]!.join("\n"));
    assert.match(
      claim,
      /s3\.Bucket "orders-dr" \(legacy-dr\/prod\) and s3\.Bucket "orders-dr-copy" \(legacy-dr\/prod\) each manage the bucket legacy-orders-dr/,
    );
  });
});

describe("check: names cannot drive the terminal", () => {
  const EVIL = "orders\u001b[2J\r\nFORGED: 0 findings\u0007\u0000\u202egpj.exe\u009b31m";
  const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;
  let file: string;
  before(() => {
    const text = JSON.stringify(legacy())
      .split(`${SRC_BUCKET}"`)
      .join(`${SRC_BUCKET.replace(/orders$/, JSON.stringify(EVIL).slice(1, -1))}"`);
    file = tmp("evil.json", text);
  });

  it("text: every control, C1 and bidirectional character is shown as an escape", async () => {
    const r = await run([file]);
    assert.equal(r.status, 1, r.stderr);
    assert.doesNotMatch(r.stdout, UNSAFE);
    assert.ok(
      r.stdout.includes(
        "orders\\u{001b}[2J\\u{000d}\\u{000a}FORGED: 0 findings\\u{0007}\\u{0000}\\u{202e}gpj.exe\\u{009b}31m",
      ),
      r.stdout,
    );
    assert.ok(!r.stdout.split("\n").some((line) => line.startsWith("FORGED")));
  });

  for (const format of ["json", "sarif"]) {
    it(`${format}: no raw U+202E or U+009B, and the name reads back exactly`, async () => {
      const r = await run([file, "--format", format]);
      assert.equal(r.status, 1, r.stderr);
      assert.doesNotMatch(r.stdout, UNSAFE);
      assert.ok(r.stdout.includes("\\u202e") && r.stdout.includes("\\u009b"));
      assert.ok(JSON.stringify(JSON.parse(r.stdout)).includes(JSON.stringify(EVIL).slice(1, -1)));
    });
  }
});

describe("check: files it cannot write", () => {
  it("--output to a path that cannot be written: exit 2 naming the path and why", async () => {
    const target = tmp("no-such-dir/report.txt");
    const r = await run([tmp("plain.json", JSON.stringify(legacy())), "--output", target]);
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      `s3-replication check: cannot write the report to ${target}: its directory does not exist (ENOENT)\n`,
    );
  });

  it("--diagram to a directory: the printed verdict and its exit code stand, the path is named", async () => {
    const dir = tmp("diagram-dir");
    fs.mkdirSync(dir, { recursive: true });
    const r = await run([tmp("plain2.json", JSON.stringify(legacy())), "--format", "json", "--diagram", dir]);
    assert.equal(r.status, 1);
    assert.equal(JSON.parse(r.stdout).summary.exitCode, 1);
    assert.equal(
      r.stderr,
      `s3-replication check: cannot write the diagram to ${dir}: it is a directory (EISDIR); the verdict stands\n`,
    );
  });
});
