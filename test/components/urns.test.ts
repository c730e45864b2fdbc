/** Nothing lost on update: child URNs do not depend on list positions or toggles. */

import * as assert from "node:assert";
import { Destination, S3ReplicationArgs, StorageClass } from "../../components";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunResult } from "../../policypack/testing";
import { DEST_ROLE, runReplication, urns } from "./support";

/** URNs of every child in version 0.1.0, before the blocks owned their policies (test/components/fixtures). */
const V010 = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "urns-0.1.0.json"), "utf8")) as {
  cases: Record<string, S3ReplicationArgs>;
  urns: Record<string, string[]>;
};

/** Every URN a resource answers to: its own, its aliases, and those inherited from its parent's (as the engine derives them). */
function answeredUrns(result: RunResult): Set<string> {
  const byUrn = new Map(result.resources.map((r) => [r.urn, r]));
  const memo = new Map<string, string[]>();
  const aliasesOf = (urn: string): string[] => {
    const known = memo.get(urn);
    if (known !== undefined) return known;
    const r = byUrn.get(urn);
    if (r === undefined) return [];
    const inherited =
      r.parent === undefined
        ? []
        : aliasesOf(r.parent).map((parentAlias) => {
            const [prefix, project, qualified] = parentAlias.split("::");
            return `${prefix ?? ""}::${project ?? ""}::${qualified ?? ""}$${r.type}::${r.name}`;
          });
    const all = [...r.options.aliases, ...inherited];
    memo.set(urn, all);
    return all;
  };
  return new Set(result.resources.flatMap((r) => [r.urn, ...aliasesOf(r.urn)]));
}

const dr: Destination = { name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE };
const near: Destination = { name: "near", region: "us-west-2" };
const audit: Destination = { name: "audit", region: "eu-central-1", assumeRoleArn: DEST_ROLE };

async function urnsOf(args: S3ReplicationArgs): Promise<Set<string>> {
  return urns(await runReplication(args));
}

/** Every URN of `before` that belongs to a resource kept in `after` must still be there. */
function assertKept(before: Set<string>, after: Set<string>, dropped: (urn: string) => boolean = () => false): void {
  const lost = [...before].filter((urn) => !after.has(urn) && !dropped(urn));
  assert.deepStrictEqual(lost, [], "these children would be replaced or deleted");
}

describe("S3Replication child URNs are stable", () => {
  for (const [what, args] of Object.entries(V010.cases)) {
    it(`every child of version 0.1.0 is still there or moved by an alias: ${what}`, async () => {
      const answered = answeredUrns(await runReplication(args));
      // A component resource (s3-replication:...) holds nothing in AWS: one no longer created (the ReplicationGrant of a side without an existing key) deletes nothing.
      const isComponent = (urn: string): boolean =>
        (urn.split("::")[2]?.split("$").pop() ?? "").startsWith("s3-replication:");
      const lost = (V010.urns[what] ?? []).filter((urn) => !answered.has(urn) && !isComponent(urn));
      assert.deepStrictEqual(lost, [], "an update would delete these (and create their successors anew)");
    });
  }

  it("adding a destination at the front changes no existing URN", async () => {
    assertKept(
      await urnsOf({ source: {}, destinations: [dr, near] }),
      await urnsOf({ source: {}, destinations: [audit, dr, near] }),
    );
  });

  it("reordering destinations changes no URN", async () => {
    const a = await urnsOf({ source: {}, destinations: [dr, near, audit] });
    const b = await urnsOf({ source: {}, destinations: [audit, near, dr] });
    assert.deepStrictEqual([...a].sort(), [...b].sort());
  });

  it("removing a destination removes only its own children", async () => {
    const before = await urnsOf({ source: {}, destinations: [dr, near, audit] });
    const after = await urnsOf({ source: {}, destinations: [dr, audit] });
    // near's Region (us-west-2) then draws no KMS requests: its KMS request-rate alarm goes too.
    assertKept(
      before,
      after,
      (urn) => urn.includes("orders-to-near") || urn.endsWith("::orders-kms-requests-us-west-2-alarm"),
    );
  });

  const kmsAlarm = (urn: string): boolean => /::orders-kms-requests[^:]*-alarm$/.test(urn);
  // Every rule has a failure alarm by default: turning alarms off drops exactly the alarms.
  const anyAlarm = (urn: string): boolean => urn.includes("aws:cloudwatch/metricAlarm:MetricAlarm::");
  const toggles: Array<
    [string, (d: Destination) => Destination, Partial<S3ReplicationArgs>, ((urn: string) => boolean)?]
  > = [
    ["RTC", (d) => ({ ...d, replicationTime: true }), {}],
    ["metrics", (d) => ({ ...d, metrics: true }), {}],
    ["Bucket Keys", (d) => ({ ...d, bucketKeyEnabled: false }), {}],
    ["filters", (d) => ({ ...d, filterPrefix: "logs/", filterTags: { a: "b" } }), {}],
    ["delete markers", (d) => ({ ...d, replicateDeleteMarkers: true }), {}],
    [
      "storage class and priority",
      (d) => ({ ...d, storageClass: StorageClass.Glacier, priority: d.name === "dr" ? 9 : 4 }),
      {},
    ],
    ["alarms and alarm topic", (d) => ({ ...d, metrics: true }), { alarmTopic: true }],
    ["alarms off", (d) => d, { alarms: false }, anyAlarm],
    ["metrics off", (d) => ({ ...d, metrics: false }), {}, (urn) => /-failed-alarm$/.test(urn)],
    ["failure events", (d) => d, { failureEvents: true }],
    ["KMS request alarms off", (d) => d, { kmsRequestAlarms: false }, kmsAlarm],
    [
      "dashboard and KMS alarm share",
      (d) => ({ ...d, replicationTime: true }),
      { dashboard: true, kmsRequestAlarmShare: 0.5, alarmTopic: true },
    ],
    ["two-way", (d) => d, { twoWay: true }],
    ["batch replication", (d) => d, { batchReplication: true }],
  ];
  for (const [what, change, top, dropped] of toggles) {
    it(`toggling ${what} changes no existing URN`, async () => {
      const before = await urnsOf({ source: {}, destinations: [dr, near] });
      const after = await urnsOf({ source: {}, destinations: [change(dr), change(near)], ...top });
      assertKept(before, after, dropped);
      assertKept(after, await urnsOf({ source: {}, destinations: [change(dr), change(near)], ...top }));
    });
  }

  it("source Bucket Keys and lifecycle toggles keep every URN", async () => {
    assertKept(
      await urnsOf({ source: {}, destinations: [dr] }),
      await urnsOf({ source: { bucketKeyEnabled: false, noncurrentVersionExpirationDays: 90 }, destinations: [dr] }),
    );
  });
});
