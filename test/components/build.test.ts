/**
 * npm's `prepare` modes of components/build.js: what a clone's own `npm ci` must leave in dist/
 * (development links only) and when a prepare compiles dist/ (a git dependency being packed).
 */
import assert from "node:assert/strict";
import * as path from "node:path";

const { prepareMode } = require(path.resolve(__dirname, "../../components/build.js")) as {
  prepareMode(env: Record<string, string | undefined>): string;
};

describe("components/build.js prepare modes", () => {
  it("a clone's own install (no npm_package_resolved) writes the development links", () => {
    assert.equal(prepareMode({}), "clone");
  });

  it("the workspace's `file:..` link prepare of a clone's npm ci (resolved \"null\") compiles nothing", () => {
    // npm ci in a clone runs prepare twice: first for the policypack workspace's link to the root,
    // with npm_package_resolved set to the string "null", then as the clone itself. Treating the
    // first as a dependency left a compiled dist/ that shadowed the sources contributors edit.
    assert.equal(prepareMode({ npm_package_resolved: "null" }), "workspace-link");
  });

  it("npm's directory packer of a git dependency (a resolved URL) compiles dist/", () => {
    assert.equal(prepareMode({ npm_package_resolved: "git+file:///tmp/clone#abc" }), "dependency");
  });

  it("the install npm runs in its temporary clone of a git dependency waits for the packer", () => {
    assert.equal(prepareMode({ _PACOTE_NO_PREPARE_: "" }), "git-install");
  });
});
