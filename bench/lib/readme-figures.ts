import fs from "node:fs";
import path from "node:path";
import type { Results } from "../report";

/** Replace the figures between the README's markers with this run's tables. */
export function updateReadme(r: Results, text: string): void {
  const file = path.join(__dirname, "..", "README.md");
  if (!fs.existsSync(file)) return;
  const readme = fs.readFileSync(file, "utf8");
  const m = r.machine as {
    nproc: number;
    totalMemoryGiB: number;
    cpuModel: string;
    node: string;
    pulumi: string;
    pulumiNodejsSdk: string;
  };
  const section = [
    "<!-- figures:start (written by bench/run.ts) -->",
    `Run of ${r.date.slice(0, 10)} (${r.date}), ${r.totalSeconds} s in all, on ${m.nproc} cores / ${m.totalMemoryGiB} GiB, ${m.cpuModel}, node ${m.node}, pulumi CLI ${m.pulumi}, @pulumi/pulumi ${m.pulumiNodejsSdk}.`,
    "",
    "```",
    text,
    "```",
    "<!-- figures:end -->",
  ].join("\n");
  const next = readme.replace(/<!-- figures:start[\s\S]*?<!-- figures:end -->/, section);
  if (next !== readme) fs.writeFileSync(file, next);
}
