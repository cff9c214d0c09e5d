import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

/** A file stored in a zip archive (a wheel or any other zip). */
export interface ZipMember {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** The end record sits in the last 22 bytes plus an optional comment of up to 65 535 bytes. */
const EOCD_SEARCH_BYTES = 22 + 0xffff;

/** Lists the members of a zip archive from its central directory (no ZIP64: wheels here are < 4 GiB). */
export async function listZip(file: string): Promise<ZipMember[]> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    const tailLength = Math.min(size, EOCD_SEARCH_BYTES);
    const tail = Buffer.alloc(tailLength);
    await handle.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${file} is not a zip archive (no end of central directory)`);
    const entryCount = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const members: ZipMember[] = [];
    let at = 0;
    for (let i = 0; i < entryCount; i++) {
      if (directory.readUInt32LE(at) !== CENTRAL_SIGNATURE) throw new Error(`${file}: corrupt central directory`);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      members.push({
        method: directory.readUInt16LE(at + 10),
        compressedSize: directory.readUInt32LE(at + 20),
        size: directory.readUInt32LE(at + 24),
        localHeaderOffset: directory.readUInt32LE(at + 42),
        name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return members;
  } finally {
    await handle.close();
  }
}

/** Opens one member of a zip archive as a stream of its uncompressed bytes. */
export async function openZipMember(file: string, memberName: string): Promise<{ member: ZipMember; stream: Readable }> {
  const member = (await listZip(file)).find((candidate) => candidate.name === memberName);
  if (!member) throw new Error(`${file} has no member ${memberName}`);
  const handle = await open(file, 'r');
  let dataStart: number;
  try {
    const header = Buffer.alloc(30);
    await handle.read(header, 0, 30, member.localHeaderOffset);
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`${file}: corrupt local header for ${memberName}`);
    dataStart = member.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  if (member.compressedSize === 0) {
    return { member, stream: Readable.from([]) };
  }
  const raw = createReadStream(file, { start: dataStart, end: dataStart + member.compressedSize - 1 });
  if (member.method === STORED) return { member, stream: raw };
  if (member.method === DEFLATED) {
    const inflate = createInflateRaw();
    raw.on('error', (error) => inflate.destroy(error));
    return { member, stream: raw.pipe(inflate) };
  }
  raw.destroy();
  throw new Error(`${file}: member ${memberName} uses unsupported compression method ${member.method}`);
}
