/** Nothing lost on update: child URNs do not depend on list positions or toggles. */

import * as assert from "node:assert";
import { Destination, S3ReplicationArgs, StorageClass } from "../../components";
import { DEST_ROLE, runReplication, urns } from "./support";

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
  it("adding a destination at the front changes no existing URN", async () => {
    assertKept(await urnsOf({ source: {}, destinations: [dr, near] }), await urnsOf({ source: {}, destinations: [audit, dr, near] }));
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
    assertKept(before, after, (urn) => urn.includes("orders-to-near") || urn.endsWith("::orders-kms-requests-us-west-2-alarm"));
  });

  const kmsAlarm = (urn: string): boolean => /::orders-kms-requests[^:]*-alarm$/.test(urn);
  const toggles: Array<[string, (d: Destination) => Destination, Partial<S3ReplicationArgs>, ((urn: string) => boolean)?]> = [
    ["RTC", (d) => ({ ...d, replicationTime: true }), {}],
    ["metrics", (d) => ({ ...d, metrics: true }), {}],
    ["Bucket Keys", (d) => ({ ...d, bucketKeyEnabled: false }), {}],
    ["filters", (d) => ({ ...d, filterPrefix: "logs/", filterTags: { a: "b" } }), {}],
    ["delete markers", (d) => ({ ...d, replicateDeleteMarkers: true }), {}],
    ["storage class and priority", (d) => ({ ...d, storageClass: StorageClass.Glacier, priority: d.name === "dr" ? 9 : 4 }), {}],
    ["alarms and alarm topic", (d) => ({ ...d, metrics: true }), { alarmTopic: true }],
    ["alarms off", (d) => d, { alarms: false }, kmsAlarm],
    ["KMS request alarms off", (d) => d, { kmsRequestAlarms: false }, kmsAlarm],
    ["dashboard and KMS alarm share", (d) => ({ ...d, replicationTime: true }), { dashboard: true, kmsRequestAlarmShare: 0.5, alarmTopic: true }],
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
    assertKept(await urnsOf({ source: {}, destinations: [dr] }), await urnsOf({ source: { bucketKeyEnabled: false, noncurrentVersionExpirationDays: 90 }, destinations: [dr] }));
  });
});
