// The request model's filter: forbiddenRequests(path, keep) is forbiddenRequests(path) without the
// requests `keep` refuses (by action, resource, harmless mark and context), in the same order and with the
// same marks (a harmless request stays harmless, its neighbours do not become so), on every path of
// the scenario matrix.
import assert from "node:assert/strict";
import { RequestFilter, forbiddenRequests } from "../../components/model/requests";
import { replicationPaths } from "../../components/model/topology";
import { scenarioMatrix } from "../support/scenarios";

describe("model: forbidden requests narrowed by action, resource, harmless mark and context", () => {
  const paths = scenarioMatrix().flatMap((scenario) => replicationPaths(scenario.topology));
  const filters: [string, RequestFilter][] = [
    ["KMS actions only", (action) => action.startsWith("kms:")],
    ["every other action by name length", (action) => action.length % 2 === 0],
    ["key resources only", (_action, resource) => resource.startsWith("arn:aws:kms:")],
    ["no harmless request", (_action, _resource, harmless) => !harmless],
    ["harmless requests only", (_action, _resource, harmless) => harmless],
    [
      "requests that send kms:ViaService (any request before its context is known)",
      (_action, _resource, _harmless, context) => context === undefined || context["kms:ViaService"] !== undefined,
    ],
    ["nothing", () => false],
    ["everything", () => true],
  ];

  for (const [name, keep] of filters) {
    it(`${name}: the full list without the refused requests, same order, same harmless marks`, () => {
      let kept = 0;
      for (const path of paths) {
        const narrowed = forbiddenRequests(path, keep);
        assert.deepEqual(
          narrowed,
          forbiddenRequests(path).filter((request) =>
            keep(request.action, request.resource, request.grantedByAwsExamples === true, request.context),
          ),
          path.id,
        );
        kept += narrowed.length;
      }
      assert.ok(name === "nothing" ? kept === 0 : kept > paths.length, `${kept} requests kept`);
    });
  }

  it("the harmless marks survive a filter that drops the request before a harmless one", () => {
    const path = paths.find((candidate) => !candidate.destination.deleteMarkerReplication)!;
    const harmless = forbiddenRequests(path).filter((request) => request.grantedByAwsExamples === true);
    assert.ok(harmless.length > 0);
    const narrowed = forbiddenRequests(path, (action) => action !== "s3:ReplicateObject");
    assert.deepEqual(
      narrowed.filter((request) => request.grantedByAwsExamples === true).map((request) => request.id),
      harmless.map((request) => request.id),
    );
  });
});
