// Renderings of the report: text (grouped by replication path), SARIF 2.1.0, Mermaid diagram.
import { createHash } from "crypto";
import { BUCKET_KEY_MAX_REDUCTION, FINDING_RULES, type FindingCode } from "s3-replication/components/model";
import type { CheckReport, ReportFinding, ReportPath } from "./report";
import type { Topology } from "./topology";

/**
 * Characters a terminal acts on or that reorder what it shows: C0 controls (ESC, CR, LF, NUL, BEL,
 * ...), DEL, C1 controls (U+009B is a one-byte CSI) and the bidirectional controls (U+202E and
 * kin). Resource names come from the stack: a name must never clear a screen or forge a line.
 */
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same without C0 controls, which JSON.stringify already escapes (and whose LF indents JSON). */
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const hex4 = (c: string): string => (c.codePointAt(0) ?? 0).toString(16).padStart(4, "0");

/** Text with every terminal-unsafe character shown as a visible `\u{XXXX}` escape. */
export function escapeControls(text: string): string {
  return text.replace(TERMINAL_UNSAFE, (c) => `\\u{${hex4(c)}}`);
}

/** `escapeControls` of each line, the line breaks kept: for a message written over several lines. */
export function escapeLines(text: string): string {
  return text.split("\n").map(escapeControls).join("\n");
}

/** A copy of a report-like value (plain objects, arrays, scalars) with every string escaped. */
export function escapeStrings<T>(value: T): T {
  if (typeof value === "string") return escapeControls(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => escapeStrings(item)) as T;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [escapeControls(k), escapeStrings(v)])) as T;
  }
  return value;
}

/** JSON text (2-space indent) whose unsafe characters are `\uXXXX` escapes: the same data once parsed. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${hex4(c)}`);
}

function fmt(n: number): string {
  return n.toLocaleString("en-US");
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.01 ? 2 : 1)}%`;
}

/** The cost note of one path, as lines. */
export function costLines(p: ReportPath): string[] {
  const c = p.cost;
  const side = (name: string, s: typeof c.source): string =>
    s.usesKms
      ? `${name} (${s.region}): ${fmt(s.requestsPerMillionWithoutBucketKey)} KMS requests per million objects without a Bucket Key, ` +
        `as few as ${fmt(s.requestsPerMillionWithBucketKeyAtBest)} with one (up to ${Math.round(BUCKET_KEY_MAX_REDUCTION * 100)}% fewer); ` +
        `Bucket Key ${s.bucketKeyEnabled ? "on" : "off"}`
      : `${name} (${s.region}): no KMS requests (not KMS-encrypted)`;
  const lines = [side("source", c.source), side("destination", c.destination)];
  for (const l of c.load ?? []) {
    const share =
      l.quotaShareBestCase === l.quotaShareWorstCase
        ? pct(l.quotaShareWorstCase)
        : `${pct(l.quotaShareBestCase)}-${pct(l.quotaShareWorstCase)}`;
    // The quota is per calling account and Region: the Region, not the path, is over it (see the KMS load lines).
    lines.push(
      `at ${fmt(c.objectsPerSecond ?? 0)} objects/s: ${share} of the source account's ${fmt(l.quotaPerSecond)}/s KMS quota in ${l.region} (this path alone)`,
    );
  }
  return lines;
}

/** A finding as text lines; `joined` (several exports): the resource line names the export it came from. */
function findingLines(f: ReportFinding, joined = false): string[] {
  const level = f.enforcementLevel.toUpperCase();
  const head = `  [${level}${f.severity ? ` ${f.severity}` : ""}${f.kind ? ` ${f.kind}` : ""}] ${f.code ?? f.policyName}${f.code ? ` (${f.policyName})` : ""}`;
  const named = f.urn === null ? "stack" : `${f.resourceType ?? ""} ${f.resourceName ?? ""}`.trim();
  const res = joined && f.export !== null ? `${named} (from ${f.export})` : named;
  const lines = [head, `    resource: ${res}`, `    problem:  ${f.problem.replace(/\n/g, "\n              ")}`];
  if (f.fix !== "") lines.push(`    fix:      ${f.fix.replace(/\n/g, "\n              ")}`);
  return lines;
}

/** The KMS load of each (calling account, Region), summed over its paths: the Region marked over quota, with its paths. */
export function kmsLoadLines(report: CheckReport): string[] {
  return (report.kmsLoad ?? []).map((l) => {
    const share =
      l.quotaShareBestCase === l.quotaShareWorstCase
        ? pct(l.quotaShareWorstCase)
        : `${pct(l.quotaShareBestCase)}-${pct(l.quotaShareWorstCase)}`;
    const flag =
      l.throttles === "yes"
        ? " OVER QUOTA"
        : l.throttles === "possible"
          ? " MAY BE OVER QUOTA (if Bucket Keys save less)"
          : "";
    return `account ${l.account} in ${l.region}: ${fmt(l.requestsPerSecondWorstCase)} requests/s worst case, ${share} of its ${fmt(l.quotaPerSecond)}/s quota${flag}; paths: ${l.paths.join(", ")}`;
  });
}

/** The monthly cost estimate, as lines. */
export function moneyLines(report: CheckReport): string[] {
  const c = report.monthlyCost;
  if (c === null) return [];
  return [
    ...c.lines.map((l) => `${l.item}: ${fmt(l.quantity)} ${l.unit}, $${l.usdPerMonth.toFixed(2)}/month`),
    `total about $${c.totalUsdPerMonth.toFixed(2)}/month (prices of ${c.pricesRegion} as of ${c.pricesAsOf}: ${c.pricingPages.join(", ")})`,
  ];
}

export function renderText(report: CheckReport): string {
  const out: string[] = [];
  const joined = report.input.exports.length > 1;
  if (joined) {
    out.push(
      `s3-replication check: ${report.input.exports.length} exports joined (${report.input.resources} resources)`,
    );
    for (const e of report.input.exports)
      out.push(`  ${e.file} (stack ${e.project}/${e.stack}, ${e.resources} resources)`);
  } else {
    out.push(
      `s3-replication check: ${report.input.file} (stack ${report.input.project}/${report.input.stack}, ${report.input.resources} resources)`,
    );
  }
  out.push(`policy pack ${report.policyPack.name}@${report.policyPack.version}`);
  out.push("");
  for (const p of report.paths) {
    const where = (b: typeof p.source): string =>
      [b.account, b.region].filter((x) => x !== null).join("/") || "unknown account/region";
    out.push(`${p.broken ? "BROKEN" : "ok"}  ${p.id}${p.ruleId !== null ? `  (rule ${p.ruleId})` : ""}`);
    out.push(`  ${where(p.source)} -> ${where(p.destination)}; role ${p.roleArn ?? "not found"}`);
    if (joined)
      out.push(
        `  source from ${p.source.export ?? "no export"}; destination from ${p.destination.export ?? "no export"}`,
      );
    const mine = report.findings.filter((f) => f.paths.includes(p.id));
    if (mine.length === 0) out.push("  no findings");
    for (const f of mine) out.push(...findingLines(f, joined));
    out.push("  KMS cost:");
    for (const l of costLines(p)) out.push(`    ${l}`);
    out.push("");
  }
  const other = report.findings.filter((f) => f.paths.length === 0);
  if (other.length > 0) {
    out.push(report.paths.length === 0 ? "Findings (no replication path found)" : "Other findings");
    for (const f of other) out.push(...findingLines(f, joined));
    out.push("");
  }
  if (report.kmsLoad !== null) {
    out.push("KMS load per calling account and Region (every path that draws on the same quota):");
    for (const l of kmsLoadLines(report)) out.push(`  ${l}`);
    out.push("Monthly cost estimate:");
    for (const l of moneyLines(report)) out.push(`  ${l}`);
    out.push("");
  }
  for (const n of report.notRun) out.push(`not run: ${n}`);
  const s = report.summary;
  out.push(
    `${s.findings} finding(s): ${s.mandatory} mandatory, ${s.advisory} advisory; ${s.paths} path(s), ${s.brokenPaths} broken` +
      (report.kmsLoad !== null
        ? `, ${s.throttlingRegions} account Region(s) over a KMS quota at ${report.objectsPerSecond !== null ? `${fmt(report.objectsPerSecond)} objects/s` : "the given rates"}`
        : ""),
  );
  return out.join("\n") + "\n";
}

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub code scanning reads `security-severity` (0-10) to rank security alerts. */
const SECURITY_SEVERITY: Record<string, string> = { critical: "9.5", high: "7.5", medium: "5.0", low: "2.0" };

const SARIF_LEVEL: Record<string, "error" | "warning" | "note" | "none"> = {
  mandatory: "error",
  remediate: "error",
  advisory: "warning",
  disabled: "none",
};

/** SARIF 2.1.0: one rule per finding code (catalogue) or per policy (findings without a code). */
export function renderSarif(report: CheckReport): Record<string, unknown> {
  const catalogue = FINDING_RULES as Record<string, (typeof FINDING_RULES)[FindingCode]>;
  const ruleIds: string[] = [];
  const rules: Record<string, unknown>[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (id: string): number => {
    const seen = ruleIndex.get(id);
    if (seen !== undefined) return seen;
    const c = catalogue[id];
    const p = report.policies.find((x) => x.name === id);
    const short = c?.title ?? p?.displayName ?? id;
    const full =
      c !== undefined
        ? `${c.title}.${c.failureReason ? ` Foresees the S3 replication failure ${c.failureReason}.` : ""}`
        : p?.description || id;
    const help = c?.help ?? (p?.remediationSteps || p?.description || id);
    const rule: Record<string, unknown> = {
      id,
      name: id.replace(/[^A-Za-z0-9]/g, ""),
      shortDescription: { text: short },
      fullDescription: { text: full },
      help: { text: help, markdown: help },
      defaultConfiguration: {
        level: c !== undefined ? (c.severity === "critical" || c.severity === "high" ? "error" : "warning") : "warning",
      },
      properties: {
        tags: ["security", "s3-replication"],
        ...(c !== undefined
          ? { severity: c.severity, "security-severity": SECURITY_SEVERITY[c.severity] ?? "5.0" }
          : {}),
      },
    };
    if (p?.url) rule["helpUri"] = p.url;
    ruleIndex.set(id, rules.length);
    ruleIds.push(id);
    rules.push(rule);
    return rules.length - 1;
  };
  const results = report.findings.map((f) => {
    const id = f.code ?? f.policyName;
    const index = addRule(id);
    const fq = f.urn ?? `urn:pulumi:${report.input.stack}::${report.input.project}`;
    return {
      ruleId: id,
      ruleIndex: index,
      level: SARIF_LEVEL[f.enforcementLevel] ?? "warning",
      message: { text: f.fix !== "" ? `${f.problem} Fix: ${f.fix}` : f.problem },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: f.export ?? report.input.file } },
          logicalLocations: [
            {
              fullyQualifiedName: fq,
              name: f.resourceName ?? report.input.stack,
              kind: "resource",
            },
          ],
        },
      ],
      partialFingerprints: {
        "pulumiUrnPolicy/v1": `${fq}|${f.policyName}|${id}|${createHash("sha256").update(f.problem).digest("hex").slice(0, 16)}`,
      },
      properties: {
        policyName: f.policyName,
        enforcementLevel: f.enforcementLevel,
        severity: f.severity,
        paths: f.paths,
        // A contract finding (S3R066, S3R067) carries its own document's statements, machine-readable.
        ...(f.contract !== null ? { contract: f.contract } : {}),
      },
    };
  });
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "s3-replication check",
            version: report.tool.version,
            rules,
          },
        },
        results,
        properties: {
          policyPack: report.policyPack,
          stack: `${report.input.project}/${report.input.stack}`,
          contracts: report.contracts,
        },
      },
    ],
  };
}

/** Mermaid's entity codes for the characters a label must not carry raw (quote, HTML, backtick). */
const MERMAID_ENTITIES: Record<string, string> = { '"': "#quot;", "<": "#lt;", ">": "#gt;", "`": "#96;" };

/** A name inside a quoted Mermaid label: controls escaped, no quote, tag or Markdown string. */
function esc(s: string): string {
  return escapeControls(s).replace(/["<>`]/g, (c) => MERMAID_ENTITIES[c] ?? c);
}

/**
 * A name in the diagram's Markdown text (heading, table cell): controls escaped (so no new line,
 * heading, list or fence can start: names never begin a line), and the Markdown punctuation that
 * acts inside a line backslash-escaped, so a name cannot open code, emphasis, a link, HTML, an
 * entity or a table column.
 */
export function escapeMarkdown(s: string): string {
  return escapeControls(s).replace(/[\\`*_[\]<|~&]/g, "\\$&");
}

function safeId(s: string): string {
  return s.replace(/[^A-Za-z0-9_]/g, "_");
}

/** Mermaid flowchart (in a Markdown file): accounts > regions > buckets and keys, roles, paths. */
export function renderMermaid(report: CheckReport, topo: Topology): string {
  const lines: string[] = ["flowchart LR"];
  const codesFor = (urns: string[]): { mandatory: string[]; other: string[] } => {
    const set = new Set(urns);
    const mine = report.findings.filter((f) => f.urn !== null && set.has(f.urn));
    return split(mine);
  };
  const split = (fs: typeof report.findings): { mandatory: string[]; other: string[] } => {
    const code = (f: (typeof fs)[number]): string => f.code ?? f.policyName;
    // An edge is BROKEN only for findings that break replication; the rest are listed as warnings.
    const mandatory = [...new Set(fs.filter((f) => f.kind === "breaks-replication").map(code))].sort();
    const other = [...new Set(fs.filter((f) => f.kind !== "breaks-replication").map(code))]
      .filter((c) => !mandatory.includes(c))
      .sort();
    return { mandatory, other };
  };
  type Node = { id: string; account: string; region: string; text: string };
  const nodes: Node[] = [];
  for (const b of topo.buckets) {
    nodes.push({
      id: b.id,
      account: b.account ?? "unknown",
      region: b.region ?? "unknown",
      text: `${b.id}[("bucket ${esc(b.name)}${b.encryption ? `<br/>${esc(b.encryption)}${b.bucketKeyEnabled ? " + Bucket Key" : ""}` : "<br/>no default encryption"}")]`,
    });
  }
  for (const k of topo.keys) {
    nodes.push({
      id: k.id,
      account: k.account ?? "unknown",
      region: k.region ?? "unknown",
      text: `${k.id}{{"KMS key ${esc(k.label)}"}}`,
    });
  }
  for (const r of topo.roles) {
    nodes.push({
      id: r.id,
      account: r.account ?? "unknown",
      region: "global (IAM)",
      text: `${r.id}(["role ${esc(r.name)}"])`,
    });
  }
  const accounts = [...new Set(nodes.map((n) => n.account))].sort();
  for (const a of accounts) {
    lines.push(`  subgraph acct_${safeId(a)}["account ${esc(a)}"]`);
    const regions = [...new Set(nodes.filter((n) => n.account === a).map((n) => n.region))].sort();
    for (const r of regions) {
      lines.push(`    subgraph reg_${safeId(a)}_${safeId(r)}["${esc(r)}"]`);
      for (const n of nodes.filter((x) => x.account === a && x.region === r)) lines.push(`      ${n.text}`);
      lines.push("    end");
    }
    lines.push("  end");
  }
  const broken: number[] = [];
  let edge = 0;
  const link = (
    from: string,
    to: string,
    label: string,
    codes: { mandatory: string[]; other: string[] },
    style: "solid" | "thick" | "dotted",
  ): void => {
    const warn = codes.other.length > 0 ? `<br/>warn: ${esc(codes.other.join(", "))}` : "";
    if (codes.mandatory.length > 0) {
      lines.push(`  ${from} -.->|"BROKEN: ${esc(codes.mandatory.join(", "))}${warn}"| ${to}`);
      broken.push(edge);
    } else {
      const arrow = style === "thick" ? "==>" : style === "dotted" ? "-.->" : "-->";
      lines.push(`  ${from} ${arrow}|"${esc(label)}${warn}"| ${to}`);
    }
    edge++;
  };
  const seen = new Set<string>();
  for (const b of topo.buckets) {
    const k =
      b.keyId === undefined
        ? undefined
        : topo.keys.find(
            (x) => x.arn === b.keyId || x.aliases.includes(b.keyId as string) || x.arn.endsWith(`/${b.keyId}`),
          );
    if (k !== undefined) {
      link(b.id, k.id, "encrypts with", codesFor(k.urns), "dotted");
      seen.add(`${b.id}>${k.id}`);
    }
  }
  for (const p of report.paths) {
    const view = topo.paths.find((x) => x.id === p.id && x.configurationUrn === (p.configurationUrn ?? undefined));
    if (view === undefined) continue;
    link(
      view.source.id,
      view.destination.id,
      `replicates${p.ruleId !== null ? ` (${p.ruleId})` : ""}`,
      split(report.findings.filter((f) => f.paths.includes(p.id))),
      "thick",
    );
    if (view.role !== undefined && !seen.has(`${view.role.id}>${view.source.id}`)) {
      seen.add(`${view.role.id}>${view.source.id}`);
      link(view.role.id, view.source.id, "replication role", codesFor(view.role.urns), "solid");
    }
    if (view.replicaKey !== undefined && !seen.has(`${view.destination.id}>${view.replicaKey.id}`)) {
      seen.add(`${view.destination.id}>${view.replicaKey.id}`);
      link(view.destination.id, view.replicaKey.id, "replica key", codesFor(view.replicaKey.urns), "dotted");
    }
  }
  if (broken.length > 0) lines.push(`  linkStyle ${broken.join(",")} stroke:#d00,stroke-width:3px,color:#d00`);
  const md = escapeMarkdown;
  const header = [
    `# Replication topology: ${md(report.input.project)}/${md(report.input.stack)}`,
    "",
    `Generated by \`s3-replication check\` from ${md(report.input.file)}. Red edges are broken (a finding that breaks replication); the label lists the finding codes (warn: advisory findings).`,
    "",
    "```mermaid",
  ];
  const legend = ["```", "", "| Path | Status | Findings |", "|---|---|---|"];
  for (const p of report.paths)
    legend.push(
      `| ${md(p.id)} | ${p.broken ? "broken" : p.codes.length > 0 ? "warnings" : "ok"} | ${md(p.codes.join(", ")) || "none"} |`,
    );
  return [...header, ...lines, ...legend, ""].join("\n");
}
