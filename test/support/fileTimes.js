// Root hook plugin (.mocharc.js requires it) for S3R_FILE_TIMES=FILE: each test file's wall time,
// hooks included, in serial and in parallel mode alike. In parallel mode every file runs alone in a
// worker process (the root hooks run once per file there) and the reporter only replays its events
// afterwards, so the measuring happens where the files run: a root run of one file is timed whole;
// a serial run of several files times each top-level suite (a hook put first in its `before` hooks,
// one put last in its `after` hooks). Each root run leaves one JSON part in FILE.parts/, which
// test/support/reporter.js merges into FILE at the end of the run (`npm run bench` reads it).
"use strict";
const fs = require("fs");
const path = require("path");

const times = {};
let rootStarted = 0n;
let wholeFile = undefined;
let part = 0;

const since = (start) => Number(process.hrtime.bigint() - start) / 1e6;
const add = (file, ms) => (times[file] = (times[file] || 0) + ms);

/** Adds a `before` hook that runs first and an `after` hook that runs last to a top-level suite. */
function timeSuite(suite) {
  let started = 0n;
  suite.beforeAll("file time: start", () => (started = process.hrtime.bigint()));
  suite._beforeAll.unshift(suite._beforeAll.pop());
  suite.afterAll("file time: end", () => add(suite.file, since(started)));
}

exports.mochaHooks = {
  beforeAll() {
    if (!process.env.S3R_FILE_TIMES) return;
    const root = this.test.parent;
    const files = new Set([...root.suites, ...root.tests].map((child) => child.file).filter(Boolean));
    rootStarted = process.hrtime.bigint();
    wholeFile = files.size === 1 ? [...files][0] : undefined;
    if (wholeFile === undefined) for (const suite of root.suites) if (suite.file) timeSuite(suite);
  },
  afterAll() {
    const out = process.env.S3R_FILE_TIMES;
    if (!out) return;
    if (wholeFile !== undefined) add(wholeFile, since(rootStarted));
    fs.mkdirSync(`${out}.parts`, { recursive: true });
    fs.writeFileSync(path.join(`${out}.parts`, `${process.pid}-${part++}.json`), JSON.stringify(times));
    for (const file of Object.keys(times)) delete times[file];
  },
};
