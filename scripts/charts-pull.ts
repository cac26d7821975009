/**
 * Fills the chart cache (`DEVANA_CHART_CACHE`, default `.charts/`) with every pinned chart of
 * config/versions.ts through `helm pull` (needs network), and records each archive's sha256 in
 * checksums.json; a later pull of the same version with other bytes is reported, not hidden.
 *
 *   npm run charts:pull [-- --keyring <publishers' public keyring>]
 *
 * Also fetches the CRDs that no chart renders (FALLBACK_CRDS) into <cache>/crds/, where the
 * rendered-chart checks look for them.
 *
 * With --keyring, each chart whose repository publishes provenance (`<chart>.tgz.prov`) is pulled
 * with `--verify`; a chart without provenance is pulled unverified, and said so.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CHARTS } from "../config/versions";
import { archiveName, chartCacheDir, compareChecksum, FALLBACK_CRDS, loadCachedChart, pullArgs, readChecksums, sha256, writeChecksums } from "./lib/chart-cache";
import { resolveHelm } from "./lib/helm";

async function main(argv: readonly string[]): Promise<number> {
    const keyringAt = argv.indexOf("--keyring");
    const keyring = keyringAt >= 0 ? argv[keyringAt + 1] : undefined;
    if ((keyringAt >= 0 && !keyring) || argv.some((a, i) => a !== "--keyring" && i !== keyringAt + 1)) {
        process.stderr.write("usage: npm run charts:pull [-- --keyring <file>]\n");
        return 64;
    }
    const helm = resolveHelm();
    const cache = chartCacheDir();
    mkdirSync(cache, { recursive: true });
    const sums = readChecksums(cache);
    let failures = 0;
    for (const ref of Object.values(CHARTS)) {
        const file = archiveName(ref.chart, ref.version);
        const work = mkdtempSync(join(cache, ".pull-"));
        try {
            let run = spawnSync(helm, pullArgs(ref, work, keyring), { encoding: "utf8" });
            let verified = Boolean(keyring) && run.status === 0;
            if (keyring && run.status !== 0 && /prov/i.test(run.stderr) && /(not found|404|failed to fetch)/i.test(run.stderr)) {
                process.stderr.write(`charts:pull: ${file}: the repository publishes no provenance; pulled unverified\n`);
                run = spawnSync(helm, pullArgs(ref, work), { encoding: "utf8" });
                verified = false;
            }
            if (run.status !== 0 || !existsSync(join(work, file))) {
                process.stderr.write(`charts:pull: ${file} from ${ref.repository} failed: ${run.stderr.trim() || `no ${file} written`}\n`);
                failures++;
                continue;
            }
            const digest = sha256(readFileSync(join(work, file)));
            const state = compareChecksum(sums[file], digest);
            if (state === "changed") {
                process.stderr.write(`charts:pull: WARNING ${file} differs from the archive first pulled on ${sums[file].pulledAt} (sha256 ${sums[file].sha256}, now ${digest}): the published chart changed under the same version\n`);
            }
            renameSync(join(work, file), join(cache, file));
            loadCachedChart(ref.chart, ref.version, cache); // Chart.yaml name and version match the pin
            if (state === "new") {
                sums[file] = { sha256: digest, source: ref.repository, pulledAt: new Date().toISOString() };
            }
            process.stdout.write(`${file}  sha256 ${digest}${verified ? "  provenance verified" : ""}${state === "same" ? "  (unchanged)" : ""}\n`);
        } finally {
            rmSync(work, { recursive: true, force: true });
        }
    }
    writeChecksums(cache, sums);
    process.stdout.write(`${Object.keys(CHARTS).length - failures} of ${Object.keys(CHARTS).length} charts in ${cache}\n`);

    const crdDir = join(cache, "crds");
    mkdirSync(crdDir, { recursive: true });
    for (const crd of FALLBACK_CRDS) {
        try {
            const response = await fetch(crd.url);
            if (!response.ok) {
                throw new Error(`HTTP ${response.status}`);
            }
            writeFileSync(join(crdDir, crd.file), `# ${crd.url}\n${await response.text()}`);
            process.stdout.write(`crds/${crd.file}\n`);
        } catch (err) {
            process.stderr.write(`charts:pull: CRD ${crd.file} from ${crd.url} failed: ${(err as Error).message}\n`);
            failures++;
        }
    }
    return failures > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err: unknown) => {
        process.stderr.write(`charts:pull: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 1;
    },
);
