/**
 * The node_modules of a copy of this repository (test/release/devCache.test.ts, test/bench.ts): every
 * package linked to the clone's own, except the two this repository provides, which resolve into the
 * copy (`s3-replication` to its root, `s3-replication-policies` to its policypack/), so the copy runs
 * its own sources with the clone's pinned dependencies and no install.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Links `copy`/node_modules as above; entries named in `skip` are left out, `type` is passed to symlinkSync. */
export function linkModulesOfCopy(
  repo: string,
  copy: string,
  options: { skip?: readonly string[]; type?: fs.symlink.Type } = {},
): void {
  const modules = path.join(copy, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync(path.join(repo, "node_modules"))) {
    if (options.skip?.includes(entry)) continue;
    const target =
      entry === "s3-replication"
        ? copy
        : entry === "s3-replication-policies"
          ? path.join(copy, "policypack")
          : path.join(repo, "node_modules", entry);
    fs.symlinkSync(target, path.join(modules, entry), options.type);
  }
}
