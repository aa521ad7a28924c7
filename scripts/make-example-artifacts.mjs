#!/usr/bin/env node
// Makes the example workspace's legacy artifacts (examples/legacy-research-repo/osc_jobs/, git-ignored): what a team's
// OSC jobs left behind, for `refactor-runbook migrate plan` and the editor's migration plan to work on. Nothing
// binary is committed. The checkpoints are stand-ins in torch's file layout (a zip holding `<name>/data.pkl`)
// written without torch: one pickles an OrderedDict (a state_dict's shape), one a whole model object
// (`__main__.VGAE`), so the plan marks it "needs conversion". `--clean` removes exactly what this script makes.
// `node scripts/make-example-artifacts.mjs [folder] [--clean]`: another copy of the example (the integration tests'
// temporary one) instead of examples/legacy-research-repo.
import { Buffer } from 'node:buffer';
import { mkdirSync, readdirSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const given = process.argv.slice(2).find((argument) => !argument.startsWith('--'));
const example = given === undefined ? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'legacy-research-repo') : path.resolve(given);
const made = ['osc_jobs/can_bus/gat_normal', 'osc_jobs/can_bus/vgae_normal', 'osc_jobs/hcrl/gat_fine_tune', 'osc_jobs/scratch'];

// CRC-32 for the zip entries (zip readers check it).
const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buffer) {
  let crc = 0xffffffff;
  for (const byte of buffer) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A stored (uncompressed) zip, as torch writes it. */
function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const nameBytes = Buffer.from(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(entries.length, 8); end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const short = (text) => Buffer.concat([Buffer.from([0x8c, Buffer.byteLength(text)]), Buffer.from(text)]);
const global = (module, name) => Buffer.concat([short(module), short(name), Buffer.from([0x93])]);
// protocol 2+ pickles: PROTO 4, then the object, then STOP.
const pickle = (...parts) => Buffer.concat([Buffer.from([0x80, 0x04]), ...parts, Buffer.from('.')]);
// OrderedDict() with one entry whose value is a float list (no tensors: nothing here needs torch to read).
const stateDict = pickle(global('collections', 'OrderedDict'), Buffer.from(')R', 'latin1'), short('conv1.weight'), Buffer.from(']G', 'latin1'), Buffer.alloc(8), Buffer.from('as', 'latin1'));
// A whole model object: __main__.VGAE rebuilt with NEWOBJ, its __dict__ set with BUILD.
const wholeModel = pickle(global('__main__', 'VGAE'), Buffer.from(')\x81}', 'latin1'), short('training'), Buffer.from('\x88sb', 'latin1'));

const files = {
  'osc_jobs/can_bus/gat_normal/best_model.pth': zip([['best_model/data.pkl', stateDict], ['best_model/version', Buffer.from('3\n')]]),
  'osc_jobs/can_bus/gat_normal/slurm-41723.out': 'epoch 1/50 val_f1=0.91\nepoch 50/50 val_f1=0.97\n',
  'osc_jobs/can_bus/gat_normal/lightning_logs/version_0/hparams.yaml': 'learning_type: supervised\nmodel_size: teacher\ndistillation: no_distillation\nlr: 0.001\n',
  'osc_jobs/can_bus/vgae_normal/model.pth': zip([['model/data.pkl', wholeModel], ['model/version', Buffer.from('3\n')]]),
  'osc_jobs/can_bus/vgae_normal/hparams.yaml': 'learning_type: unsupervised\nmodel_size: teacher\ndistillation: no_distillation\n',
  // A training mode with "_" in a folder whose fields are "_"-separated: reported, not split.
  'osc_jobs/hcrl/gat_fine_tune/best_model.pth': zip([['best_model/data.pkl', stateDict], ['best_model/version', Buffer.from('3\n')]]),
  'osc_jobs/hcrl/gat_fine_tune/slurm-41900.out': 'epoch 10/10 val_f1=0.95\n',
  'osc_jobs/scratch/notebook_dump.csv': 'window,score\n0,0.1\n',
};

for (const folder of made) rmSync(path.join(example, folder), { recursive: true, force: true });
if (process.argv.includes('--clean')) {
  // The folders above them too, when nothing else is in them.
  for (const folder of ['osc_jobs/can_bus', 'osc_jobs/hcrl', 'osc_jobs']) {
    try {
      if (readdirSync(path.join(example, folder)).length === 0) rmdirSync(path.join(example, folder));
    } catch {
      // Already gone.
    }
  }
  console.log(`removed ${made.join(', ')} from ${example}`);
} else {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(example, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  console.log(`made ${Object.keys(files).length} legacy artifacts under ${path.join(example, 'osc_jobs')}`);
}
