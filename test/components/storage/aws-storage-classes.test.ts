/**
 * The EBS StorageClasses of the AWS target (pure): encrypted gp3 classes with the stack's key.
 * Does not prove that the EBS CSI driver honours the parameters (no cluster here).
 */
import { describe, expect, it } from "vitest";
import { ebsStorageClasses, FAST_SSD } from "../../../components/storage/aws-storage-classes";

describe("EBS StorageClasses", () => {
    it("fast-ssd and standard are gp3, encrypted with the customer key, WaitForFirstConsumer-ready", () => {
        const [fast, standard] = ebsStorageClasses("arn:key", true);
        expect(fast).toMatchObject({ name: "fast-ssd", reclaimPolicy: "Retain", parameters: { type: "gp3", encrypted: "true", kmsKeyId: "arn:key", iops: "12000", throughput: "500" } });
        expect(standard).toMatchObject({ name: "standard", isDefault: true, parameters: { type: "gp3", encrypted: "true", kmsKeyId: "arn:key" } });
        // R-STO: PostgreSQL 10,000+ IOPS and 500 MB/s; gp3 allows at most 16,000 IOPS and 1,000 MiB/s.
        expect(FAST_SSD.iops).toBeGreaterThanOrEqual(10000);
        expect(FAST_SSD.iops).toBeLessThanOrEqual(16000);
        expect(FAST_SSD.throughputMiBs).toBeGreaterThanOrEqual(500);
    });
});
