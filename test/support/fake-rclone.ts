/**
 * Runs a job script under /bin/sh with a fake `rclone` that records its calls and answers `lsf`
 * with `entries`: shows what a backup script copies and prunes without an object store.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";

export function runWithFakeRclone(script: string, entries: readonly string[]): string[] {
    const dir = mkdtempSync(join(tmpdir(), "devana-rclone-"));
    const log = join(dir, "calls.log");
    writeFileSync(join(dir, "entries"), entries.map((e) => `${e}\n`).join(""));
    writeFileSync(join(dir, "rclone"), ["#!/bin/sh", `echo "$*" >> "${log}"`, 'case "$1" in', `  lsf) [ "$2" = "-R" ] || cat "${join(dir, "entries")}" ;;`, "esac", "exit 0"].join("\n"));
    chmodSync(join(dir, "rclone"), 0o755);
    // The manifest goes to /tmp in the pod; point it at the test's directory.
    const result = spawnSync("/bin/sh", ["-c", script.replaceAll("/tmp/manifest.txt", join(dir, "manifest.txt"))], { env: { PATH: `${dir}:${process.env.PATH}` }, encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
    return readFileSync(log, "utf8").trim().split("\n");
}

/** A stamp (YYYYMMDDTHHMMSSZ) from yesterday: inside any retention. */
export const FRESH_STAMP = new Date(Date.now() - 86400_000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
