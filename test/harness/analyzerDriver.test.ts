// The analyzer driver's calls, as the engine makes them (policypack/harness/analyzerDriver.ts).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import type { Policies } from "@pulumi/policy";
import { readStackExport } from "../../policypack/check/exportReader";
import {
  analyzeResources,
  configureAnalyzer,
  loadAnalyzer,
  managedRecords,
  type Analyzer,
} from "../../policypack/harness/analyzerDriver";
import { LEGACY } from "../check/support";

/** The analyzer, each method it is asked for recorded in `calls`. */
function recorded(analyzer: Analyzer, calls: string[]): Analyzer {
  return {
    name: analyzer.name,
    version: analyzer.version,
    service: analyzer.service,
    call: <T>(method: string, request: unknown): Promise<T> => {
      calls.push(method);
      return analyzer.call<T>(method, request);
    },
  };
}

describe("analyzer driver: the calls of one run", () => {
  const policies: Policies = [{ name: "reads", description: "Reads.", validateResource: () => undefined }];
  const settings = {
    project: "project",
    stack: "stack",
    organization: "organization",
    preview: true,
    stackConfig: {},
    stackTags: {},
  };

  for (const everyRemediate of [false, true]) {
    it(`asks ${everyRemediate ? "Remediate then Analyze of every resource, as the engine does" : "Analyze only, no policy remediating"}, then AnalyzeStack (everyRemediate: ${everyRemediate})`, async () => {
      const records = readStackExport(fs.readFileSync(LEGACY, "utf8"), LEGACY).resources;
      const calls: string[] = [];
      const analyzer = recorded(loadAnalyzer("pack", "1.0.0", "advisory", policies), calls);
      await configureAnalyzer(analyzer, settings, {});
      calls.length = 0;
      await analyzeResources(analyzer, records, { everyRemediate });
      const perResource = everyRemediate ? ["remediate", "analyze"] : ["analyze"];
      const managed = managedRecords(records).length;
      assert.ok(managed > 5, `the export has ${managed} managed resources`);
      assert.deepEqual(calls, [...Array.from({ length: managed }, () => perResource).flat(), "analyzeStack"]);
    });
  }
});
