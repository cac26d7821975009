/**
 * Pure IPv4 CIDR arithmetic: parsing, containment, overlap and even splitting.
 * Used by config validation (R-NET-ZONES) and by the cloud networks' subnet carving.
 */

/** A parsed IPv4 block: `base` is the network address as an unsigned 32-bit number. */
export interface Ipv4Block {
    readonly base: number;
    readonly prefix: number;
}

const CIDR_RE = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Number of addresses in a block of the given prefix length. */
export function blockSize(prefix: number): number {
    return 2 ** (32 - prefix);
}

/**
 * Parses `a.b.c.d/n`. Returns an error string rather than throwing, so config validation can
 * collect every problem. Host bits must be zero: `10.0.1.5/24` is almost always a typo.
 */
export function parseCidr(text: string): Ipv4Block | string {
    const m = CIDR_RE.exec(text.trim());
    if (!m) {
        return `"${text}" is not an IPv4 CIDR block (expected a.b.c.d/n)`;
    }
    const octets = m.slice(1, 5).map(Number);
    const prefix = Number(m[5]);
    if (octets.some((o) => o > 255)) {
        return `"${text}" has an octet above 255`;
    }
    if (prefix > 32) {
        return `"${text}" has a prefix length above 32`;
    }
    const base = octets.reduce((acc, o) => acc * 256 + o, 0);
    if (base % blockSize(prefix) !== 0) {
        return `"${text}" has host bits set; the network address is ${formatCidr({ base: base - (base % blockSize(prefix)), prefix })}`;
    }
    return { base, prefix };
}

/** Parses a CIDR that is known to be valid (constants, already-validated config). */
export function mustParseCidr(text: string): Ipv4Block {
    const parsed = parseCidr(text);
    if (typeof parsed === "string") {
        throw new Error(parsed);
    }
    return parsed;
}

/** Dotted-quad text of an address held as an unsigned 32-bit number. */
export function formatIp(address: number): string {
    return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

export function formatCidr(block: Ipv4Block): string {
    return `${formatIp(block.base)}/${block.prefix}`;
}

/** True when `inner` lies entirely inside `outer`. */
export function contains(outer: Ipv4Block, inner: Ipv4Block): boolean {
    return inner.prefix >= outer.prefix && inner.base >= outer.base && inner.base + blockSize(inner.prefix) <= outer.base + blockSize(outer.prefix);
}

/** True when the two blocks share at least one address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
    return a.base < b.base + blockSize(b.prefix) && b.base < a.base + blockSize(a.prefix);
}

/**
 * Splits a block into `parts` equal, adjacent sub-blocks of the smallest power of two that
 * holds them (3 parts of a /24 are three /26s, leaving the fourth /26 free for growth).
 */
export function splitEvenly(block: Ipv4Block, parts: number): Ipv4Block[] {
    if (!Number.isInteger(parts) || parts < 1) {
        throw new Error(`cannot split ${formatCidr(block)} into ${parts} parts`);
    }
    const extraBits = Math.ceil(Math.log2(parts));
    const prefix = block.prefix + extraBits;
    if (prefix > 32) {
        throw new Error(`${formatCidr(block)} is too small to split into ${parts} parts`);
    }
    return Array.from({ length: parts }, (_, i) => ({ base: block.base + i * blockSize(prefix), prefix }));
}
