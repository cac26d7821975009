/**
 * The committed `staging` plan has no replica region: no replication and a single AWS provider,
 * yet versions of user files are still kept 90 days.
 */
import { describe, expect, it } from "vitest";
import { byName, evaluateOk } from "../../support/helpers";
import { input } from "../../support/plan-inputs";
import { REPLICATION_TYPES as T } from "../../support/aws-types";

describe("staging: no replica region", () => {
    it("has no replication, a single AWS provider, and still keeps user-file versions 90 days", async () => {
        const { resources, outputs } = await evaluateOk("staging");
        expect(resources.filter((r) => r.type === "devana:storage:AwsReplication" || r.type === T.replication)).toEqual([]);
        expect(resources.filter((r) => r.type === "pulumi:providers:aws").map((p) => p.name)).toEqual(["devana-aws"]);
        expect((outputs as Record<string, any>).aws.replication).toBeUndefined();
        expect(input(byName(resources, T.lifecycle, "devana-buckets-files"), "rules")).toContainEqual({ id: "expire-old-versions", status: "Enabled", filter: {}, noncurrentVersionExpiration: { noncurrentDays: 90 } });
    });
});
