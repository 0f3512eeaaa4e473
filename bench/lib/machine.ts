/** What the results were measured on. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

export interface MachineInfo {
  nproc: number;
  totalMemoryGiB: number;
  cpuModel: string;
  node: string;
  pulumi: string;
  pulumiNodejsSdk: string;
  platform: string;
}

export function machineInfo(pulumiPath: string, repo: string): MachineInfo {
  const cpuinfo = fs.existsSync("/proc/cpuinfo") ? fs.readFileSync("/proc/cpuinfo", "utf8") : "";
  const cpuModel = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  let pulumi = "unknown";
  try {
    pulumi = execFileSync(pulumiPath, ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
  } catch {
    /* reported as unknown */
  }
  let sdk = "unknown";
  try {
    sdk = JSON.parse(fs.readFileSync(`${repo}/node_modules/@pulumi/pulumi/package.json`, "utf8")).version;
  } catch {
    /* reported as unknown */
  }
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    totalMemoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    cpuModel,
    node: process.version,
    pulumi,
    pulumiNodejsSdk: sdk,
    platform: `${os.platform()} ${os.release()}`,
  };
}
