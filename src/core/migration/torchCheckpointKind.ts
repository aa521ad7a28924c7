// Whether a `.pth`/`.pt` file would load with `torch.load(..., weights_only=True)`, told without Python: a torch file
// is a zip whose `*/data.pkl` is a pickle, and weights_only refuses any pickled global outside a short list (tensor
// rebuild functions, storages, dtypes, OrderedDict…). A whole pickled `nn.Module` names its class (`__main__.TinyNet`,
// `torch.nn.modules.linear.Linear`), so it is found here and marked "needs conversion"; it is never moved as if it
// were a state_dict. Reads the zip's central directory and the pickle only, never the tensor data.
import { closeSync, openSync, readSync } from 'node:fs';

export type CheckpointKind =
  | { readonly kind: 'weights-only' }
  | { readonly kind: 'needs-conversion'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Globals torch's weights_only unpickler accepts (torch/_weights_only_unpickler.py), by module. */
function allowedGlobal(module: string, name: string): boolean {
  switch (module) {
    case 'collections':
      return name === 'OrderedDict' || name === 'Counter';
    case 'torch._utils':
      return name.startsWith('_rebuild_');
    case 'torch._tensor':
      return name === '_rebuild_from_type_v2';
    case 'torch.nn.parameter':
      return name === 'Parameter';
    case 'torch.storage':
      return name === 'UntypedStorage' || name === 'TypedStorage' || name === '_load_from_bytes';
    case 'torch.serialization':
      return name === '_get_layout';
    case 'torch':
      return /Storage$/.test(name) || /^(?:float|double|half|bfloat16|complex|u?int|bool|qu?int|float8|uint|Size|device|Tensor|strided|sparse_coo|_mkldnn|layout|dtype|memory_format|contiguous_format|channels_last|preserve_format)/.test(name);
    case 'builtins':
    case '__builtin__':
      return ['set', 'frozenset', 'bytearray', 'complex', 'slice', 'range'].includes(name);
    default:
      return false;
  }
}

const maxPickleBytes = 64 * 1024 * 1024;

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, buffer, done, length - done, position + done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}

interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeaderOffset: number;
}

/** The central directory of a zip file, zip64 included (torch writes zip64 for files above 4 GiB). */
function zipEntries(fd: number, fileSize: number): ZipEntry[] | undefined {
  const tailLength = Math.min(fileSize, 65557);
  const tail = readAt(fd, fileSize - tailLength, tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd === -1) return undefined;
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset === 0xffffffff || count === 0xffff) {
    const locator = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x06, 0x07]));
    if (locator === -1) return undefined;
    const zip64Offset = Number(tail.readBigUInt64LE(locator + 8));
    const zip64 = readAt(fd, zip64Offset, 56);
    if (zip64.readUInt32LE(0) !== 0x06064b50) return undefined;
    count = Number(zip64.readBigUInt64LE(32));
    directorySize = Number(zip64.readBigUInt64LE(40));
    directoryOffset = Number(zip64.readBigUInt64LE(48));
  }
  const directory = readAt(fd, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let index = 0; index < count && at + 46 <= directory.length; index++) {
    if (directory.readUInt32LE(at) !== 0x02014b50) return undefined;
    const method = directory.readUInt16LE(at + 10);
    let compressedSize = directory.readUInt32LE(at + 20);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let localHeaderOffset = directory.readUInt32LE(at + 42);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    // zip64 extra field: the 64-bit sizes and offset, in this order, for the fields set to 0xffffffff.
    let extra = at + 46 + nameLength;
    const extraEnd = extra + extraLength;
    while (extra + 4 <= extraEnd) {
      const id = directory.readUInt16LE(extra);
      const size = directory.readUInt16LE(extra + 2);
      if (id === 0x0001) {
        let field = extra + 4;
        if (directory.readUInt32LE(at + 24) === 0xffffffff) field += 8;
        if (compressedSize === 0xffffffff) {
          compressedSize = Number(directory.readBigUInt64LE(field));
          field += 8;
        }
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = Number(directory.readBigUInt64LE(field));
      }
      extra += 4 + size;
    }
    entries.push({ name, method, compressedSize, localHeaderOffset });
    at = extraEnd + commentLength;
  }
  return entries;
}

/** Every global a pickle names (GLOBAL, INST, STACK_GLOBAL) and the strings it holds; undefined when it is not a pickle. */
export function pickleGlobals(data: Buffer): { globals: { module: string; name: string }[]; strings: Set<string> } | undefined {
  const globals: { module: string; name: string }[] = [];
  const strings = new Set<string>();
  // The last values pushed, as far as STACK_GLOBAL needs them (strings; anything else is null).
  const stack: (string | null)[] = [];
  const memo = new Map<number, string | null>();
  let at = 0;
  const line = (): string => {
    const end = data.indexOf(0x0a, at);
    if (end === -1) throw new Error('truncated');
    const text = data.toString('latin1', at, end);
    at = end + 1;
    return text;
  };
  const take = (length: number): Buffer => {
    if (at + length > data.length) throw new Error('truncated');
    const slice = data.subarray(at, at + length);
    at += length;
    return slice;
  };
  const push = (value: string | null): void => {
    if (value !== null) strings.add(value);
    stack.push(value);
    if (stack.length > 8) stack.shift();
  };
  try {
    while (at < data.length) {
      const opcode = data[at++];
      const op = String.fromCharCode(opcode);
      switch (op) {
        case '.':
          return { globals, strings };
        case 'c':
        case 'i': {
          const module = line();
          const name = line();
          globals.push({ module, name });
          push(null);
          break;
        }
        case 'I': case 'L': case 'F': case 'P': case 'S':
          line();
          push(null);
          break;
        case 'V':
          push(line());
          break;
        case 'g': {
          const key = Number(line());
          push(memo.get(key) ?? null);
          break;
        }
        case 'p':
          memo.set(Number(line()), stack[stack.length - 1] ?? null);
          break;
        case 'J': take(4); push(null); break;
        case 'K': take(1); push(null); break;
        case 'M': take(2); push(null); break;
        case 'G': take(8); push(null); break;
        case 'h': push(memo.get(take(1).readUInt8(0)) ?? null); break;
        case 'j': push(memo.get(take(4).readUInt32LE(0)) ?? null); break;
        case 'q': memo.set(take(1).readUInt8(0), stack[stack.length - 1] ?? null); break;
        case 'r': memo.set(take(4).readUInt32LE(0), stack[stack.length - 1] ?? null); break;
        case 'T': take(take(4).readUInt32LE(0)); push(null); break;
        case 'U': take(take(1).readUInt8(0)); push(null); break;
        case 'X': push(take(take(4).readUInt32LE(0)).toString('utf8')); break;
        case 'B': take(take(4).readUInt32LE(0)); push(null); break;
        case 'C': take(take(1).readUInt8(0)); push(null); break;
        default:
          switch (opcode) {
            case 0x80: take(1); break; // PROTO
            case 0x95: take(8); break; // FRAME
            case 0x82: take(1); push(null); break;
            case 0x83: take(2); push(null); break;
            case 0x84: take(4); push(null); break;
            case 0x8a: take(take(1).readUInt8(0)); push(null); break; // LONG1
            case 0x8b: take(take(4).readUInt32LE(0)); push(null); break; // LONG4
            case 0x8c: push(take(take(1).readUInt8(0)).toString('utf8')); break; // SHORT_BINUNICODE
            case 0x8d: push(take(Number(take(8).readBigUInt64LE(0))).toString('utf8')); break; // BINUNICODE8
            case 0x8e: case 0x96: take(Number(take(8).readBigUInt64LE(0))); push(null); break; // BINBYTES8, BYTEARRAY8
            case 0x94: memo.set(memo.size, stack[stack.length - 1] ?? null); break; // MEMOIZE
            case 0x93: { // STACK_GLOBAL
              const name = stack.pop();
              const module = stack.pop();
              globals.push({ module: module ?? '?', name: name ?? '?' });
              push(null);
              break;
            }
            default:
              // Opcodes without an argument: MARK, STOP, POP, DUP, BUILD, DICT, LIST, TUPLE, REDUCE, SETITEM(S),
              // APPEND(S), NONE, BINPERSID, NEWOBJ, TUPLE1-3, NEWTRUE/FALSE, EMPTY_*, ADDITEMS, FROZENSET…
              if ('()012bd}el]oNRst)uaQ'.includes(op) || [0x81, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8f, 0x90, 0x91, 0x92, 0x97, 0x98].includes(opcode)) {
                push(null);
                break;
              }
              return undefined;
          }
      }
    }
  } catch {
    return undefined;
  }
  return undefined;
}

export function torchCheckpointKind(file: string, fileSize: number): CheckpointKind {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    return { kind: 'unreadable', reason: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  try {
    const head = readAt(fd, 0, 4);
    if (head.length < 4) return { kind: 'needs-conversion', reason: 'is too short to be a torch file' };
    if (head.readUInt32LE(0) !== 0x04034b50) {
      return { kind: 'needs-conversion', reason: head[0] === 0x80 ? 'uses the legacy (before torch 1.6) serialization, which cannot be checked without loading it' : 'is not a torch zip archive' };
    }
    const entries = zipEntries(fd, fileSize);
    const pickle = entries?.find((entry) => entry.name.endsWith('/data.pkl') || entry.name === 'data.pkl');
    if (pickle === undefined) return { kind: 'needs-conversion', reason: 'is a zip file without data.pkl, not a torch checkpoint' };
    if (pickle.method !== 0) return { kind: 'needs-conversion', reason: 'has a compressed data.pkl, which torch never writes' };
    if (pickle.compressedSize > maxPickleBytes) return { kind: 'needs-conversion', reason: `has a ${pickle.compressedSize}-byte data.pkl, too large to check` };
    const local = readAt(fd, pickle.localHeaderOffset, 30);
    const start = pickle.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const read = pickleGlobals(readAt(fd, start, pickle.compressedSize));
    if (read === undefined) return { kind: 'needs-conversion', reason: 'has a data.pkl that could not be read as a pickle' };
    const refused = [...new Set(read.globals.filter((global) => !allowedGlobal(global.module, global.name)).map((global) => `${global.module}.${global.name}`))];
    if (refused.length > 0) {
      return { kind: 'needs-conversion', reason: `pickles ${refused.slice(0, 3).join(', ')}${refused.length > 3 ? ` and ${refused.length - 3} more` : ''}, so torch.load(weights_only=True) refuses it (not a plain state_dict)` };
    }
    // A plain state_dict's keys are parameter names ("fc.weight"); a training checkpoint keeps it under "state_dict".
    if (read.strings.has('state_dict')) return { kind: 'needs-conversion', reason: "is a checkpoint dict with a 'state_dict' entry (Lightning style), not a plain state_dict" };
    return { kind: 'weights-only' };
  } finally {
    closeSync(fd);
  }
}
