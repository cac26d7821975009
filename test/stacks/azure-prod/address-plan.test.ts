/**
 * Issue 20: the Azure address plan is checked before anything is created (design convention 7): a
 * pod range too small for the zones' pools, or inside devana:network.cidr, stops the plan (exit 3, the
 * program's invalid-address-plan error) with a message naming devana:azure.podCidr, and no resource is planned.
 * Does not prove: the sizes Azure itself accepts for a pod subnet (only `pulumi up` does).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { planVariant, stackConfig, writeStackFile } from "../../support/helpers";

const variant = (podCidr: string): string => {
    const config = stackConfig("azure-prod");
    const azure = { ...(config["devana:azure"] as Record<string, unknown>), podCidr };
    return writeStackFile(mkdtempSync(join(tmpdir(), "devana-azure-pods-")), "azure-prod", { ...config, "devana:azure": azure });
};

describe("azure-prod with a short or misplaced devana:azure.podCidr", () => {
    it("refuses a /22 (eight slices under a /24) and a /21 too small for the App zone's pools, planning nothing", async () => {
        const tooSmall = await planVariant(variant("10.244.0.0/22"));
        expect(tooSmall.status).toBe(3);
        expect(tooSmall.stderr).toMatch(/devana:azure\.podCidr: 10\.244\.0\.0\/22 is smaller than a \/21/);
        expect(tooSmall.stdout).not.toMatch(/azure-native:network:VirtualNetwork/);

        const short = await planVariant(variant("10.244.0.0/21"));
        expect(short.status).toBe(3);
        expect(short.stderr).toMatch(/the app zone's pod subnet 10\.244\.0\.0\/24 holds 251 pod addresses; its pools \(compute-app\) need 3024/);
        expect(short.stdout).not.toMatch(/azure-native:network:VirtualNetwork/);
    });

    it("refuses a pod range inside the VNet", async () => {
        const inside = await planVariant(variant("10.0.128.0/17"));
        expect(inside.status).toBe(3);
        expect(inside.stderr).toMatch(/devana:azure\.podCidr: 10\.0\.128\.0\/17 overlaps devana:network\.cidr 10\.0\.0\.0\/16/);
    });
});
