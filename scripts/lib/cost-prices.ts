/**
 * Prices as data (issue 23): the price book in config/facts/prices.json (each value with its source
 * and date, or "missing" with the reason), lookups that say whether a price is missing or stale,
 * and the parsers of the providers' own price APIs for `--live` (AWS Price List bulk offer files,
 * Azure Retail Prices API). Pure apart from `fetchLivePrices`.
 */
import book from "../../config/facts/prices.json";

export interface PriceSource {
    readonly name: string;
    readonly url: string;
    /** `YYYY-MM-DD`, or null when the source carries no date. */
    readonly date: string | null;
    readonly dateNote?: string;
}

export type PriceEntry = { readonly usd: number; readonly per: "hour" | "month" | "GB-month" | "GB" | "IOPS-month" | "MBps-month"; readonly source: string; readonly date?: string } | { readonly missing: string };

export interface PriceBook {
    readonly hoursPerMonth: number;
    readonly sources: Readonly<Record<string, PriceSource>>;
    readonly prices: Readonly<Record<string, PriceEntry>>;
}

export const PRICE_BOOK: PriceBook = book as unknown as PriceBook;

/** Prices older than this are reported as stale (list prices change a few times a year). */
export const STALE_AFTER_DAYS = 90;

export type PriceLookup =
    | { readonly status: "priced"; readonly key: string; readonly usd: number; readonly per: string; readonly source: string; readonly date: string | null; readonly stale: boolean }
    | { readonly status: "missing"; readonly key: string; readonly reason: string };

const DAY_MS = 86_400_000;

/** A price and whether it is stale on `today` (`YYYY-MM-DD`); an undated price is stale. */
export function lookupPrice(prices: PriceBook, key: string, today: string): PriceLookup {
    const entry = prices.prices[key];
    if (!entry) {
        return { status: "missing", key, reason: "not in config/facts/prices.json" };
    }
    if ("missing" in entry) {
        return { status: "missing", key, reason: entry.missing };
    }
    const date = entry.date ?? prices.sources[entry.source]?.date ?? null;
    const stale = date === null || Date.parse(today) - Date.parse(date) > STALE_AFTER_DAYS * DAY_MS;
    return { status: "priced", key, usd: entry.usd, per: entry.per, source: entry.source, date, stale };
}

/** Splits `aws:eu-north-1:ec2:m7i.8xlarge` into provider, region and the rest. */
export function parsePriceKey(key: string): { provider: "aws" | "azure"; region: string; item: string[] } {
    const [provider, region, ...item] = key.split(":");
    if ((provider !== "aws" && provider !== "azure") || !region || item.length === 0) {
        throw new Error(`not a price key: ${key}`);
    }
    return { provider, region, item };
}

// ---------------------------------------------------------------------------------------------
// AWS Price List bulk offer files: https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/<offer>/current/<region>/index.json
// Shape (documented): { offerCode, publicationDate, products: { sku: { sku, productFamily, attributes } },
//   terms: { OnDemand: { sku: { "<sku>.<termCode>": { priceDimensions: { "<id>": { unit, pricePerUnit: { USD } } } } } } } }

export interface AwsOffer {
    readonly offerCode?: string;
    readonly publicationDate?: string;
    readonly products: Readonly<Record<string, { readonly sku: string; readonly productFamily?: string; readonly attributes: Readonly<Record<string, string>> }>>;
    readonly terms: {
        readonly OnDemand?: Readonly<
            Record<string, Readonly<Record<string, { readonly priceDimensions: Readonly<Record<string, { readonly unit: string; readonly beginRange?: string; readonly pricePerUnit: { readonly USD?: string } }>> }>>>
        >;
    };
}

/** What one price key asks of an AWS offer file. */
export interface AwsMatch {
    readonly offer: string;
    readonly productFamily?: string;
    readonly attributes: Readonly<Record<string, string | RegExp>>;
}

/**
 * The on-demand USD price of the one product matching `match` (the first price dimension with a
 * non-zero price, so free tiers' "0-x" ranges are skipped); undefined when none or several match.
 */
export function awsOfferPrice(offer: AwsOffer, match: AwsMatch): { usd: number; unit: string; sku: string } | undefined {
    const hits = Object.values(offer.products).filter(
        (p) => (!match.productFamily || p.productFamily === match.productFamily) && Object.entries(match.attributes).every(([k, want]) => (typeof want === "string" ? p.attributes[k] === want : want.test(p.attributes[k] ?? ""))),
    );
    if (hits.length !== 1) {
        return undefined;
    }
    const terms = offer.terms.OnDemand?.[hits[0].sku] ?? {};
    for (const term of Object.values(terms)) {
        for (const dim of Object.values(term.priceDimensions)) {
            const usd = Number(dim.pricePerUnit.USD);
            if (Number.isFinite(usd) && usd > 0) {
                return { usd, unit: dim.unit, sku: hits[0].sku };
            }
        }
    }
    return undefined;
}

/** The offer file query for an AWS price key, or undefined when `--live` has no mapping for it. */
export function awsMatchFor(key: string): AwsMatch | undefined {
    const { item } = parsePriceKey(key);
    const ec2 = { offer: "AmazonEC2" };
    switch (item[0]) {
        case "ec2":
            return { ...ec2, productFamily: "Compute Instance", attributes: { instanceType: item.slice(1).join(":"), operatingSystem: "Linux", tenancy: "Shared", preInstalledSw: "NA", capacitystatus: "Used" } };
        case "ebs":
            return item[2] === "gb" ? { ...ec2, productFamily: "Storage", attributes: { volumeApiName: "gp3" } } : undefined;
        case "nat":
            return { offer: "AmazonVPC", productFamily: "NAT Gateway", attributes: { usagetype: /NatGateway-Hours$/ } };
        case "alb":
            return { offer: "AWSELB", productFamily: "Load Balancer-Application", attributes: { usagetype: /LoadBalancerUsage$/ } };
        case "eks":
            return { offer: "AmazonEKS", attributes: { usagetype: item[1] === "extended" ? /AmazonEKS-Hours:extendedSupport$/ : /AmazonEKS-Hours:perCluster$/ } };
        default:
            return undefined;
    }
}

// ---------------------------------------------------------------------------------------------
// Azure Retail Prices API: https://prices.azure.com/api/retail/prices?$filter=...
// Shape (documented): { BillingCurrency, Items: [{ retailPrice, unitPrice, armRegionName, armSkuName, meterName,
//   productName, skuName, serviceName, unitOfMeasure, type, effectiveStartDate }], NextPageLink, Count }

export interface AzureRetailItem {
    readonly retailPrice: number;
    readonly armRegionName: string;
    readonly armSkuName: string;
    readonly meterName: string;
    readonly productName: string;
    readonly skuName: string;
    readonly serviceName: string;
    readonly unitOfMeasure: string;
    readonly type: string;
    readonly effectiveStartDate?: string;
}

export interface AzureRetailPage {
    readonly BillingCurrency?: string;
    readonly Items: readonly AzureRetailItem[];
    readonly NextPageLink?: string | null;
}

/** The pay-as-you-go Linux hourly price of a VM size in a region (not Spot, Low Priority or Windows). */
export function azureVmPrice(items: readonly AzureRetailItem[], size: string, region: string): { usd: number; effective?: string } | undefined {
    const hits = items.filter(
        (i) =>
            i.type === "Consumption" && i.serviceName === "Virtual Machines" && i.armSkuName === size && i.armRegionName === region && i.unitOfMeasure === "1 Hour" && !/Spot|Low Priority/.test(i.skuName) && !/Windows/.test(i.productName),
    );
    return hits.length === 1 ? { usd: hits[0].retailPrice, effective: hits[0].effectiveStartDate } : undefined;
}

/** The Retail Prices API query of an Azure price key, or undefined when `--live` has no mapping for it. */
export function azureQueryFor(key: string): string | undefined {
    const { region, item } = parsePriceKey(key);
    if (item[0] === "vm") {
        const filter = `serviceName eq 'Virtual Machines' and armRegionName eq '${region}' and armSkuName eq '${item[1]}' and priceType eq 'Consumption'`;
        return `https://prices.azure.com/api/retail/prices?$filter=${encodeURIComponent(filter)}`;
    }
    return undefined;
}

export interface LiveResult {
    readonly refreshed: Readonly<Record<string, PriceEntry>>;
    /** Keys not refreshed, with the reason (no mapping, unreachable, no single match). */
    readonly failed: Readonly<Record<string, string>>;
}

/**
 * Refreshes `keys` from the providers' public price endpoints (no credentials). Network errors are
 * reported per key; the offline book stays in force for those.
 */
export async function fetchLivePrices(keys: readonly string[], today: string, fetcher: typeof fetch = fetch): Promise<LiveResult> {
    const refreshed: Record<string, PriceEntry> = {};
    const failed: Record<string, string> = {};
    const offers = new Map<string, Promise<AwsOffer>>();
    for (const key of keys) {
        const { provider, region } = parsePriceKey(key);
        try {
            if (provider === "aws") {
                const match = awsMatchFor(key);
                if (!match) {
                    failed[key] = "no AWS Price List mapping for this item yet";
                    continue;
                }
                const url = `https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/${match.offer}/current/${region}/index.json`;
                if (!offers.has(url)) {
                    offers.set(
                        url,
                        fetcher(url).then(async (r) => (r.ok ? ((await r.json()) as AwsOffer) : Promise.reject(new Error(`${url}: HTTP ${r.status}`)))),
                    );
                }
                const price = awsOfferPrice(await offers.get(url)!, match);
                if (price) {
                    refreshed[key] = { usd: price.usd, per: price.unit === "Hrs" ? "hour" : "GB-month", source: `live:${url}`, date: today };
                } else {
                    failed[key] = `no single on-demand product matched in ${url}`;
                }
            } else {
                const url = azureQueryFor(key);
                if (!url) {
                    failed[key] = "no Azure Retail Prices mapping for this item yet";
                    continue;
                }
                const r = await fetcher(url);
                if (!r.ok) {
                    throw new Error(`HTTP ${r.status}`);
                }
                const price = azureVmPrice(((await r.json()) as AzureRetailPage).Items, parsePriceKey(key).item[1], region);
                if (price) {
                    refreshed[key] = { usd: price.usd, per: "hour", source: `live:${url}`, date: today };
                } else {
                    failed[key] = "no single Linux pay-as-you-go meter matched";
                }
            }
        } catch (err) {
            failed[key] = `unreachable: ${err instanceof Error ? err.message : String(err)}`;
        }
    }
    return { refreshed, failed };
}

/** The book with live prices laid over it (sources named by their URL). */
export function withLivePrices(base: PriceBook, live: LiveResult): PriceBook {
    const sources: Record<string, PriceSource> = { ...base.sources };
    for (const entry of Object.values(live.refreshed)) {
        if ("source" in entry) {
            sources[entry.source] = { name: "live price API", url: entry.source.slice("live:".length), date: entry.date ?? null };
        }
    }
    return { ...base, sources, prices: { ...base.prices, ...live.refreshed } };
}
