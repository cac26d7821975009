/**
 * The price book's shape and staleness, and the `--live` parsers on small fixtures written by hand
 * from the documented response shapes (AWS Price List bulk offer file, Azure Retail Prices API).
 * Does not prove the live endpoints answer this way today: no network here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { awsMatchFor, awsOfferPrice, azureQueryFor, azureVmPrice, fetchLivePrices, lookupPrice, PRICE_BOOK, withLivePrices, type AwsOffer, type AzureRetailPage } from "../../scripts/lib/cost-prices";

const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(__dirname, "fixtures", name), "utf8")) as T;
const offer = fixture<AwsOffer>("aws-offer.json");
const retail = fixture<AzureRetailPage>("azure-retail.json");

describe("the price book", () => {
    it("names a known source for every price, and a reason for every missing one", () => {
        for (const [key, entry] of Object.entries(PRICE_BOOK.prices)) {
            expect(key).toMatch(/^(aws|azure):[a-z0-9-]+:/);
            if ("missing" in entry) {
                expect(entry.missing.length).toBeGreaterThan(10);
            } else {
                expect(PRICE_BOOK.sources[entry.source], key).toBeDefined();
                expect(entry.usd).toBeGreaterThan(0);
            }
        }
    });

    it("says stale for undated prices and those older than 90 days", () => {
        expect(lookupPrice(PRICE_BOOK, "aws:eu-north-1:ec2:p5.48xlarge", "2026-12-04")).toMatchObject({ status: "priced", usd: 58.8928, date: null, stale: true });
        expect(lookupPrice(PRICE_BOOK, "azure:swedencentral:vm:Standard_D32ds_v5", "2026-09-01")).toMatchObject({ usd: 1.92, date: "2026-08-22", stale: false });
        expect(lookupPrice(PRICE_BOOK, "azure:swedencentral:vm:Standard_D32ds_v5", "2026-12-04")).toMatchObject({ stale: true });
        expect(lookupPrice(PRICE_BOOK, "aws:eu-north-1:nat:hour", "2026-12-04")).toMatchObject({ status: "missing" });
        expect(lookupPrice(PRICE_BOOK, "aws:us-east-1:ec2:p5.48xlarge", "2026-12-04")).toEqual({ status: "missing", key: "aws:us-east-1:ec2:p5.48xlarge", reason: "not in config/facts/prices.json" });
    });
});

describe("AWS Price List offer files", () => {
    it("picks the one Linux, shared-tenancy, on-demand product", () => {
        expect(awsOfferPrice(offer, awsMatchFor("aws:eu-north-1:ec2:m7i.2xlarge")!)).toEqual({ usd: 0.43, unit: "Hrs", sku: "SKU1LINUX" });
        expect(awsOfferPrice(offer, awsMatchFor("aws:eu-north-1:ebs:gp3:gb")!)).toEqual({ usd: 0.0836, unit: "GB-Mo", sku: "SKU4GP3" });
        expect(awsOfferPrice(offer, awsMatchFor("aws:eu-north-1:ec2:p5.48xlarge")!)).toBeUndefined();
        // Two matching products: ambiguous, so no price rather than a guess.
        expect(awsOfferPrice(offer, { offer: "AmazonEC2", attributes: { instanceType: "m7i.2xlarge", operatingSystem: "Linux" } })).toBeUndefined();
        expect(awsMatchFor("aws:eu-north-1:waf:acl")).toBeUndefined();
    });
});

describe("Azure Retail Prices", () => {
    it("picks the Linux pay-as-you-go meter, not Windows, Spot or reservations", () => {
        expect(azureVmPrice(retail.Items, "Standard_D32ds_v5", "swedencentral")).toEqual({ usd: 1.93, effective: "2026-10-01T00:00:00Z" });
        expect(azureVmPrice(retail.Items, "Standard_D32ds_v5", "westeurope")).toBeUndefined();
        expect(decodeURIComponent(azureQueryFor("azure:swedencentral:vm:Standard_D32ds_v5")!)).toBe(
            "https://prices.azure.com/api/retail/prices?$filter=serviceName eq 'Virtual Machines' and armRegionName eq 'swedencentral' and armSkuName eq 'Standard_D32ds_v5' and priceType eq 'Consumption'",
        );
    });
});

describe("--live", () => {
    const fake = (async (url: string) => {
        const body = url.includes("prices.azure.com") ? retail : url.includes("/AmazonEC2/") ? offer : undefined;
        return body ? new Response(JSON.stringify(body)) : new Response("no", { status: 503 });
    }) as typeof fetch;

    it("refreshes what the endpoints answer and says why the rest is not", async () => {
        const keys = ["aws:eu-north-1:ec2:m7i.2xlarge", "azure:swedencentral:vm:Standard_D32ds_v5", "aws:eu-north-1:nat:hour", "aws:eu-north-1:waf:acl"];
        const live = await fetchLivePrices(keys, "2026-12-04", fake);
        expect(live.refreshed["aws:eu-north-1:ec2:m7i.2xlarge"]).toMatchObject({ usd: 0.43, per: "hour", date: "2026-12-04" });
        expect(live.refreshed["azure:swedencentral:vm:Standard_D32ds_v5"]).toMatchObject({ usd: 1.93, per: "hour" });
        expect(live.failed).toEqual({
            "aws:eu-north-1:nat:hour": "unreachable: https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonVPC/current/eu-north-1/index.json: HTTP 503",
            "aws:eu-north-1:waf:acl": "no AWS Price List mapping for this item yet",
        });
        const book = withLivePrices(PRICE_BOOK, live);
        expect(lookupPrice(book, "aws:eu-north-1:ec2:m7i.2xlarge", "2026-12-04")).toMatchObject({ usd: 0.43, stale: false });
        expect(lookupPrice(book, "aws:eu-north-1:ec2:p5.48xlarge", "2026-12-04")).toMatchObject({ usd: 58.8928, stale: true });
    });

    it("keeps the offline book when nothing is reachable", async () => {
        const down = (async () => {
            throw new Error("getaddrinfo ENOTFOUND");
        }) as typeof fetch;
        const live = await fetchLivePrices(["azure:swedencentral:vm:Standard_L32s_v3"], "2026-12-04", down);
        expect(live).toEqual({ refreshed: {}, failed: { "azure:swedencentral:vm:Standard_L32s_v3": "unreachable: getaddrinfo ENOTFOUND" } });
    });
});
