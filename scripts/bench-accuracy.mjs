// Accuracy benchmark (not a test): `npm run bench:accuracy -- <folder> [--keep]`. For each repository pinned in
// bench/accuracy/cases.json, finds its git dir or extracted tree in <folder>, extracts the pinned commit's Python,
// shell and Markdown files into a temporary folder (git dirs only), runs `dist/cli.js check --format json` on it, and
// matches every finding to the labelled cases by path + line + rule. Prints precision and recall per rule and overall,
// and lists the findings no case labels, so they can be judged and added (--verbose also lists the false positives
// and the misses). No third-party code is kept or committed:
// the extracted trees are deleted at the end unless --keep is given.
//
// <folder> may hold, per repository `owner/name`: `owner+name/repo` (the fetch tool's mirror layout), `owner+name` or
// `name` as a git dir (bare or with a .git folder) or as an extracted tree of the pinned commit.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
const cli = path.resolve(process.env.BENCH_CLI ?? path.join(root, 'dist', 'cli.js'));
const casesFile = path.join(root, 'bench', 'accuracy', 'cases.json');
/** What the CLI analyses; everything else in a repository is left out of the extracted tree. */
const analysedFile = /\.(py|pyi|sh|bash|sbatch|slurm|md|markdown)$/i;

function fail(message) {
  console.error(`bench:accuracy: ${message}`);
  process.exit(2);
}

function git(gitDir, args, options = {}) {
  const result = spawnSync('git', [`--git-dir=${gitDir}`, ...args], { maxBuffer: 1 << 30, ...options });
  return result;
}

function isGitDir(folder) {
  return existsSync(path.join(folder, 'HEAD')) && existsSync(path.join(folder, 'objects'));
}

/** The git dir or extracted tree that holds `repo` under `folder`, or undefined. */
function locate(folder, repo) {
  const [owner, name] = repo.split('/');
  const candidates = [
    path.join(folder, `${owner}+${name}`, 'repo'),
    path.join(folder, `${owner}+${name}`),
    path.join(folder, name),
  ];
  for (const candidate of candidates) {
    if (!existsSync(candidate) || !statSync(candidate).isDirectory()) {
      continue;
    }
    if (isGitDir(candidate)) {
      return { gitDir: candidate };
    }
    if (isGitDir(path.join(candidate, '.git'))) {
      return { gitDir: path.join(candidate, '.git') };
    }
    return { tree: candidate };
  }
  return undefined;
}

/** Writes the analysed files of `commit` into `target`; returns an error, or the files the snapshot lacks. */
function extract(gitDir, commit, target) {
  const listing = git(gitDir, ['ls-tree', '-r', '-z', commit]);
  if (listing.status !== 0) {
    return { error: `commit ${commit} is not in ${gitDir}: ${listing.stderr.toString().trim()}` };
  }
  const missing = [];
  const entries = listing.stdout
    .toString('utf8')
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [meta, filePath] = entry.split('\t');
      const [mode, type, object] = meta.split(' ');
      return { mode, type, object, filePath };
    })
    .filter((entry) => entry.type === 'blob' && entry.mode !== '120000' && analysedFile.test(entry.filePath));
  for (const entry of entries) {
    const blob = git(gitDir, ['cat-file', 'blob', entry.object]);
    if (blob.status !== 0) {
      // Snapshots lack files of 4 MiB and more; said aloud, as a missing file can hide a labelled case.
      missing.push(entry.filePath);
      continue;
    }
    const destination = path.join(target, entry.filePath);
    mkdirSync(path.dirname(destination), { recursive: true });
    writeFileSync(destination, blob.stdout);
  }
  return { missing };
}

function check(tree) {
  const started = performance.now();
  // cwd is the tree itself, so no project file of this repository is picked up.
  const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', '.'], { cwd: tree, encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = performance.now() - started;
  if (result.status !== 0 && result.status !== 1) {
    return { error: `the CLI exited with ${result.status}: ${result.stderr.trim()}` };
  }
  return { findings: JSON.parse(result.stdout).findings, ms };
}

function ratio(numerator, denominator) {
  return denominator === 0 ? 'n/a' : (numerator / denominator).toFixed(2);
}

function printTable(title, tally) {
  console.log(`\n${title}\nrule    TP   FP   FN  precision  recall`);
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const rule of [...tally.keys()].sort()) {
    const row = tally.get(rule);
    total.tp += row.tp;
    total.fp += row.fp;
    total.fn += row.fn;
    console.log(`${rule}  ${String(row.tp).padStart(4)} ${String(row.fp).padStart(4)} ${String(row.fn).padStart(4)}  ${ratio(row.tp, row.tp + row.fp).padStart(9)}  ${ratio(row.tp, row.tp + row.fn).padStart(6)}`);
  }
  console.log(`all     ${String(total.tp).padStart(4)} ${String(total.fp).padStart(4)} ${String(total.fn).padStart(4)}  ${ratio(total.tp, total.tp + total.fp).padStart(9)}  ${ratio(total.tp, total.tp + total.fn).padStart(6)}`);
}

function main() {
  const args = process.argv.slice(2);
  const keep = args.includes('--keep');
  const verbose = args.includes('--verbose');
  const positional = args.filter((arg) => !arg.startsWith('--'));
  if (positional.length !== 1) {
    fail('usage: npm run bench:accuracy -- <folder of git dirs or extracted trees> [--keep] [--verbose]');
  }
  const folder = path.resolve(positional[0]);
  if (!existsSync(folder)) {
    fail(`${folder} does not exist`);
  }
  if (!existsSync(cli)) {
    fail(`${cli} does not exist: run npm run build first`);
  }
  const { repositories, cases } = JSON.parse(readFileSync(casesFile, 'utf8'));
  const key = (repo, filePath, line, rule) => `${repo}\0${filePath}\0${line}\0${rule}`;
  const labelled = new Map(cases.map((entry) => [key(entry.repo, entry.path, entry.line, entry.rule), entry]));
  if (labelled.size !== cases.length) {
    fail(`${casesFile} labels some path + line + rule twice`);
  }
  const work = mkdtempSync(path.join(tmpdir(), 'rr-accuracy-'));
  const tally = new Map();
  // Repositories marked heldOut were labelled after the rules were tuned on the others: their figures are reported
  // apart as well, as the better estimate for code nobody here has seen.
  const heldOutTally = new Map();
  let heldOut = false;
  const count = (rule, field) => {
    for (const table of heldOut ? [tally, heldOutTally] : [tally]) {
      const row = table.get(rule) ?? { tp: 0, fp: 0, fn: 0 };
      row[field] += 1;
      table.set(rule, row);
    }
  };
  const unlabelled = [];
  const missed = [];
  const wrong = [];
  const problems = [];
  const repeated = [];
  try {
    for (const { repo, commit, heldOut: isHeldOut } of repositories) {
      heldOut = isHeldOut === true;
      const found = locate(folder, repo);
      if (found === undefined) {
        problems.push(`${repo}: not found in ${folder} (fetch it, or leave it out and read the figures as partial)`);
        continue;
      }
      let tree = found.tree;
      if (found.gitDir !== undefined) {
        tree = path.join(work, repo.replace('/', '+'));
        mkdirSync(tree, { recursive: true });
        const extracted = extract(found.gitDir, commit, tree);
        if (extracted.error !== undefined) {
          problems.push(`${repo}: ${extracted.error}`);
          continue;
        }
        if (extracted.missing.length > 0) {
          console.log(`${repo}: the snapshot lacks ${extracted.missing.join(', ')}`);
        }
      }
      const result = check(tree);
      if (result.error !== undefined) {
        problems.push(`${repo}: ${result.error}`);
        continue;
      }
      const seen = new Set();
      for (const finding of result.findings) {
        const entry = labelled.get(key(repo, finding.path, finding.line, finding.rule));
        if (entry === undefined) {
          unlabelled.push({ repo, commit, path: finding.path, line: finding.line, rule: finding.rule, message: finding.message });
          continue;
        }
        if (seen.has(entry)) {
          // A labelled case is one line and one rule: a second finding there counts once, and is listed apart.
          repeated.push({ repo, path: finding.path, line: finding.line, rule: finding.rule, message: finding.message });
          continue;
        }
        seen.add(entry);
        count(finding.rule, entry.expected ? 'tp' : 'fp');
      }
      for (const entry of cases) {
        if (entry.repo === repo && entry.expected && !seen.has(entry)) {
          count(entry.rule, 'fn');
          missed.push(entry);
        } else if (entry.repo === repo && !entry.expected && seen.has(entry)) {
          wrong.push(entry);
        }
      }
      console.log(`${repo.padEnd(58)} ${String(result.findings.length).padStart(4)} findings ${result.ms.toFixed(0).padStart(6)} ms`);
    }
  } finally {
    if (keep) {
      console.log(`\nextracted trees kept in ${work}`);
    } else {
      rmSync(work, { recursive: true, force: true });
    }
  }
  printTable('all repositories', tally);
  if (heldOutTally.size > 0) {
    printTable('held-out repositories only', heldOutTally);
  }
  if (verbose) {
    console.log(`\n${wrong.length} false positive(s):`);
    for (const entry of wrong) {
      console.log(`  ${entry.repo} ${entry.path}:${entry.line} ${entry.rule} ${entry.why}`);
    }
    console.log(`\n${missed.length} miss(es):`);
    for (const entry of missed) {
      console.log(`  ${entry.repo} ${entry.path}:${entry.line} ${entry.rule} ${entry.why}`);
    }
  }
  if (repeated.length > 0) {
    console.log(`\n${repeated.length} further finding(s) of one rule on an already counted line:`);
    for (const finding of repeated) {
      console.log(`  ${finding.repo} ${finding.path}:${finding.line} ${finding.rule} ${finding.message.slice(0, 140)}`);
    }
  }
  if (unlabelled.length > 0) {
    console.log(`\n${unlabelled.length} unlabelled finding(s), not counted above (judge each, add it to bench/accuracy/cases.json):`);
    for (const finding of unlabelled) {
      console.log(`  ${finding.repo} ${finding.path}:${finding.line} ${finding.rule} ${finding.message.slice(0, 140)}`);
    }
  }
  if (problems.length > 0) {
    console.log(`\n${problems.length} repositories not measured:`);
    for (const problem of problems) {
      console.log(`  ${problem}`);
    }
    process.exitCode = 1;
  }
}

main();
