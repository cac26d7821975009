import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { contains, formatCidr, formatIp, mustParseCidr, overlaps, parseCidr, splitEvenly } from "../../config/cidr";

describe("formatIp", () => {
    it.each([
        [0, "0.0.0.0"],
        [10 * 2 ** 24 + 256 + 10, "10.0.1.10"],
        [2 ** 32 - 1, "255.255.255.255"],
    ])("formats %i as %s", (address, text) => {
        expect(formatIp(address)).toBe(text);
    });
});

describe("parseCidr", () => {
    it.each([
        ["10.0.0.0/16", { base: 10 * 2 ** 24, prefix: 16 }],
        ["10.0.1.0/24", { base: 10 * 2 ** 24 + 256, prefix: 24 }],
        ["0.0.0.0/0", { base: 0, prefix: 0 }],
        ["255.255.255.255/32", { base: 2 ** 32 - 1, prefix: 32 }],
    ])("parses %s", (text, expected) => {
        expect(parseCidr(text)).toEqual(expected);
    });

    it.each([
        ["10.0.1.0", /not an IPv4 CIDR/],
        ["10.0.1.0/33", /prefix length above 32/],
        ["10.0.256.0/24", /octet above 255/],
        ["10.0.1.5/24", /host bits set; the network address is 10.0.1.0\/24/],
        ["fd00::/8", /not an IPv4 CIDR/],
    ])("rejects %s", (text, message) => {
        expect(parseCidr(text)).toMatch(message);
    });

    it("formats what it parses", () => {
        fc.assert(
            fc.property(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (prefix, address) => {
                const size = 2 ** (32 - prefix);
                const block = { base: address - (address % size), prefix };
                expect(mustParseCidr(formatCidr(block))).toEqual(block);
            }),
        );
    });
});

describe("contains and overlaps", () => {
    const net = mustParseCidr("10.0.0.0/16");
    it("a zone inside the network", () => {
        expect(contains(net, mustParseCidr("10.0.99.0/24"))).toBe(true);
        expect(contains(net, mustParseCidr("10.1.0.0/24"))).toBe(false);
        expect(contains(mustParseCidr("10.0.1.0/24"), net)).toBe(false);
    });
    it("overlap is symmetric and includes containment", () => {
        const a = mustParseCidr("10.0.1.0/24");
        expect(overlaps(a, mustParseCidr("10.0.1.128/25"))).toBe(true);
        expect(overlaps(mustParseCidr("10.0.1.128/25"), a)).toBe(true);
        expect(overlaps(a, mustParseCidr("10.0.2.0/24"))).toBe(false);
        expect(overlaps(a, mustParseCidr("10.0.0.0/24"))).toBe(false);
    });
});

describe("splitEvenly", () => {
    it("splits a /24 zone into three /26 for three AZs, leaving the fourth free", () => {
        expect(splitEvenly(mustParseCidr("10.0.10.0/24"), 3).map(formatCidr)).toEqual(["10.0.10.0/26", "10.0.10.64/26", "10.0.10.128/26"]);
    });
    it("refuses to split below a /32", () => {
        expect(() => splitEvenly(mustParseCidr("10.0.0.1/32"), 2)).toThrow(/too small/);
    });
    it("yields disjoint blocks inside the parent (property)", () => {
        fc.assert(
            fc.property(fc.integer({ min: 8, max: 28 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 1, max: 16 }), (prefix, address, parts) => {
                const size = 2 ** (32 - prefix);
                const parent = { base: address - (address % size), prefix };
                const blocks = splitEvenly(parent, parts);
                expect(blocks).toHaveLength(parts);
                for (const [i, b] of blocks.entries()) {
                    expect(contains(parent, b)).toBe(true);
                    for (const other of blocks.slice(i + 1)) {
                        expect(overlaps(b, other)).toBe(false);
                    }
                }
            }),
        );
    });
});
