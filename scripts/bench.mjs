// Benchmark (not a timed test): `npm run bench -- [dir] [--runs N] [--no-scaling] [--no-edits]`. Copies the files a
// check reads (.py, .pyi, .ipynb, .sh, .sbatch, .slurm, .md and .gitignore) of a corpus (default: the Python standard
// library without site-packages) into a scratch folder, so the result cache never lands in the corpus, then runs
// `dist/cli.js check --format json` there as a child process, alternating with ruff (when it is on PATH) and rg on the
// same folder: cold (--no-cache: default threads, --jobs 1, --jobs <CPUs>) and warm (the result cache filled by a run
// before). It reports files, bytes, files parsed, wall and CPU time (user + system), peak RSS and the ratios to ruff,
// each as a median with the range of the runs (the machines here are shared: CPU time moves less than wall time);
// then the scaling: the corpus copied 1x, 2x, 4x, 8x into one folder, cold, against ruff on the same folders. Last,
// in-process re-analysis of a 2,000-line Python file after 1-character edits (incremental parse plus rules), p50/p95
// over the edits: on the example's code repeated to 2,000 lines (the target is judged there), with no rules (parse
// and pipeline), and on the editor benchmark's generated module; each cold (right after start) and warm (after as
// many edits of another file, as in an editor that has been in use). Targets from issues 3 and 15 are printed next to
// the figures.
import { Buffer } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const root = path.dirname(path.dirname(new URL(import.meta.url).pathname));
// BENCH_CLI lets you benchmark another build of the CLI (its folder must also hold cliMain.js, its code cache and the
// two wasm files, as dist/ does).
const cli = path.resolve(process.env.BENCH_CLI ?? path.join(root, 'dist', 'cli.js'));
const options = parseOptions(process.argv.slice(2));
// Five runs each by default: single runs vary by ±30% on the shared machines here, and a median of three moved with them.
const runs = options.runs;
const scalingRuns = Math.max(3, Math.ceil(runs / 2));
const edits = 300;
/** The pause before each edit in the "after a pause" row: the editor benchmark's debounce. */
const editorDebounceMs = 50;
// The edit target (issue 11) is judged in the extension host after the debounce (npm run bench:editor); this
// in-process figure is the same work without the editor, printed against the same bound.
const targets = { wallVsRg: 10, peakRssMb: 200, editP95Ms: 20, coldVsRuff: 1.0, coldVsRuffMilestone: 3.0, warmVsRuff: 0.3, scalingSlack: 0.1 };
/** What the copy of a corpus holds: the files either tool reads, and the .gitignore files both obey. */
const copiedFile = /(?:\.(?:py|pyi|ipynb|sh|sbatch|slurm|md)|^\.gitignore)$/;
const scales = [1, 2, 4, 8];

function parseOptions(argv) {
  const parsed = { folder: undefined, runs: 5, scaling: true, edits: true };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--runs') parsed.runs = Number(argv[++index]);
    else if (argument === '--no-scaling') parsed.scaling = false;
    else if (argument === '--no-edits') parsed.edits = false;
    else if (argument.startsWith('--')) fail(`unknown option ${argument}; the options are --runs N, --no-scaling, --no-edits`);
    else parsed.folder = argument;
  }
  if (!Number.isInteger(parsed.runs) || parsed.runs < 1) fail('--runs takes a whole number of at least 1');
  return parsed;
}

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function onPath(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** The corpus folder and the entries of it to copy (the stdlib's top-level entries minus site-packages). */
function corpus() {
  if (options.folder !== undefined) {
    const folder = path.resolve(options.folder);
    if (!existsSync(folder)) {
      fail(`${folder} does not exist`);
    }
    return { folder, entries: readdirSync(folder).filter((name) => name !== '.git'), label: folder };
  }
  const result = spawnSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' });
  if (result.status !== 0) {
    fail('python3 is needed to locate the standard library; pass a folder instead: npm run bench -- <dir>');
  }
  const folder = result.stdout.trim();
  return { folder, entries: readdirSync(folder).filter((name) => name !== 'site-packages'), label: `${folder} (Python standard library, site-packages excluded)` };
}

/** Copies the files a check or ruff reads from `entries` of `from` into `to` (no .git, no caches). */
function copyCorpus(from, entries, to) {
  const copyEntry = (source, target) => {
    let stats;
    try {
      stats = lstatSync(source);
    } catch {
      return;
    }
    if (stats.isDirectory()) {
      if (['.git', '__pycache__', '.refactor-runbook-cache', '.ruff_cache'].includes(path.basename(source))) return;
      for (const name of readdirSync(source)) copyEntry(path.join(source, name), path.join(target, name));
    } else if (stats.isFile() && copiedFile.test(path.basename(source))) {
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(source, target);
    }
  };
  for (const entry of entries) copyEntry(path.join(from, entry), path.join(to, entry));
}

/** Runs a command; returns wall and CPU (user + system) time in ms, peak RSS in MB (when measurable), exit code, output. */
async function measure(command, args, cwd) {
  const useTime = existsSync('/usr/bin/time');
  const [file, fileArgs] = useTime ? ['/usr/bin/time', ['-f', '__BENCH_TIME__ %M %U %S', command, ...args]] : [command, args];
  const started = performance.now();
  const child = spawn(file, fileArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  let polledPeakKb = 0;
  const statusFile = `/proc/${child.pid}/status`;
  const poll = async () => {
    // Without /usr/bin/time, sample the child's high-water mark (Linux) until it exits.
    while (child.exitCode === null && !useTime && existsSync(statusFile)) {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(statusFile, 'utf8'));
      polledPeakKb = Math.max(polledPeakKb, match ? Number(match[1]) : 0);
      await sleep(5);
    }
  };
  const [code] = await Promise.all([new Promise((resolve) => child.on('close', resolve)), poll()]);
  const wallMs = performance.now() - started;
  const timeMatch = /__BENCH_TIME__ (\d+) ([\d.]+) ([\d.]+)/.exec(stderr);
  const peakKb = timeMatch ? Number(timeMatch[1]) : polledPeakKb;
  const cpuMs = timeMatch ? (Number(timeMatch[2]) + Number(timeMatch[3])) * 1000 : undefined;
  return { wallMs, cpuMs, peakRssMb: peakKb > 0 ? peakKb / 1024 : undefined, code, stdout, stderr: stderr.replace(/__BENCH_TIME__ [\d. ]+\n?/, '') };
}

async function runCli(folder, extraArgs) {
  const result = await measure(process.execPath, [cli, 'check', '.', '--format', 'json', ...extraArgs], folder);
  if (result.code !== 0 && result.code !== 1) {
    fail(`dist/cli.js exited ${result.code}: ${result.stderr}`);
  }
  return result;
}

async function runRuff(folder) {
  return measure('ruff', ['check', '--isolated', '--no-cache', '--select', 'E,F,W', '--exit-zero', '.'], folder);
}

function triggerWords() {
  const listed = JSON.parse(spawnSync(process.execPath, [cli, 'rules', '--format', 'json'], { encoding: 'utf8' }).stdout);
  return [...new Set(listed.flatMap((rule) => rule.triggerWords))];
}

/** The findings of a JSON report without its timing, to compare runs. */
function findingsOf(stdout) {
  return JSON.stringify(JSON.parse(stdout).findings);
}

/**
 * Runs every variant once per round, in turn, `runs` rounds, so that other work on the machine (it varies by the
 * second) weighs on all alike and the ratios stay meaningful. Variants whose command is missing are left out.
 */
async function alternate(variants, rounds) {
  const samples = new Map(variants.map((variant) => [variant.name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const variant of variants) {
      samples.get(variant.name).push(await variant.run());
    }
  }
  return samples;
}

function stat(samples, key) {
  const values = samples.map((sample) => sample[key]).filter((value) => value !== undefined);
  return values.length === 0 ? undefined : { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

function figure(samples, key) {
  const value = stat(samples, key);
  return value === undefined ? 'not measured' : `${value.median.toFixed(0)} ms (${value.min.toFixed(0)}–${value.max.toFixed(0)})`;
}

function ratio(samples, reference, key) {
  const a = stat(samples, key);
  const b = stat(reference, key);
  return a === undefined || b === undefined ? undefined : a.median / b.median;
}

/** Bundles the analysis core for in-process use (the CLI bundle does not export it). */
async function loadCore() {
  const scratch = mkdtempSync(path.join(tmpdir(), 'rr-bench-core-'));
  const outfile = path.join(scratch, 'core.cjs');
  await build({
    stdin: {
      contents: [
        "export { createAnalyzer } from './src/core/analysis/analyzer';",
        "export { defaultProjectSettings } from './src/core/config/projectSettings';",
        "export { wasmLocationIn } from './src/core/python/pythonParser';",
        "export { generatedModule } from './test/host/benchmarkModule';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
  });
  return { core: require(outfile), scratch };
}

/** A 2,000-line file of realistic ML code: the example repository's Python, repeated, cut at a top-level line. */
function twoThousandLineFile(where) {
  const example = path.join(root, 'examples', 'legacy-research-repo');
  const sources = [];
  const collect = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory() && entry.name !== '__pycache__') {
        collect(full);
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        sources.push(readFileSync(full, 'utf8'));
      }
    }
  };
  collect(existsSync(example) ? example : where.folder);
  const lines = [];
  for (let round = 0; lines.length < 2000 && sources.length > 0; round++) {
    for (const source of sources) {
      lines.push(...source.split('\n'));
    }
  }
  let cut = 2000;
  while (cut < lines.length && /^\s/.test(lines[cut] ?? '')) {
    cut++;
  }
  return { text: lines.slice(0, cut).join('\n') + '\n', lines: cut, origin: existsSync(example) ? 'examples/legacy-research-repo/**/*.py, repeated' : where.label };
}

/**
 * One-character inserts at pseudo-random offsets, each undone by the next edit; `seed` picks the offsets. Returns the
 * time of each `document.update` (the text and its change are built outside the timing).
 */
async function timeEdits(document, startText, count, seed, pauseMs = 0) {
  let text = startText;
  let lastInsert = 0;
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
  const timings = [];
  let findings = 0;
  for (let edit = 0; edit < count; edit++) {
    let change;
    if (edit % 2 === 0) {
      lastInsert = Math.floor(random() * text.length);
      text = `${text.slice(0, lastInsert)}x${text.slice(lastInsert)}`;
      change = { offset: lastInsert, length: 0, text: 'x' };
    } else {
      text = `${text.slice(0, lastInsert)}${text.slice(lastInsert + 1)}`;
      change = { offset: lastInsert, length: 1, text: '' };
    }
    // Flattened before timing, as the editor's getText() hands over a flat string.
    text.indexOf('\u0000');
    if (pauseMs > 0) await sleep(pauseMs);
    const started = performance.now();
    // The editor hands over its change list with the text, as VS Code's contentChanges.
    const result = document.update(text, [change]);
    timings.push(performance.now() - started);
    findings = result.findings.length;
  }
  return { timings, findings };
}

function summary(timings) {
  return { p50: percentile(timings, 0.5), p95: percentile(timings, 0.95), max: Math.max(...timings) };
}

/**
 * `rules` undefined: all rules; `[]`: parse and pipeline only (the same edits, to split the time). Measured twice in
 * one freshly loaded core: first cold (the first edits after start, while V8 still compiles the code they run), then
 * warm, after the same number of edits with other offsets on another file (an editor that has been in use).
 */
async function benchIncremental(where, rules, generated = false) {
  const { core, scratch } = await loadCore();
  try {
    const analyzer = await core.createAnalyzer({ wasm: core.wasmLocationIn(path.dirname(cli)), settings: core.defaultProjectSettings, ...(rules === undefined ? {} : { rules }) });
    const example = twoThousandLineFile(where);
    const generatedText = { text: core.generatedModule(2000), lines: 2000, origin: 'generated module' };
    const file = generated ? generatedText : example;
    const other = generated ? example : generatedText;
    const measure = async (seed, count = edits, pauseMs = 0) => {
      const document = analyzer.openPythonDocument('src/training/big_module.py');
      const first = document.update(file.text);
      const { timings, findings } = await timeEdits(document, file.text, count, seed, pauseMs);
      document.dispose();
      return { initialFindings: first.findings.length, finalFindings: findings, ...summary(timings) };
    };
    const cold = await measure(42);
    const warmUp = analyzer.openPythonDocument('src/training/other_module.py');
    warmUp.update(other.text);
    await timeEdits(warmUp, other.text, edits, 7);
    warmUp.dispose();
    const warm = await measure(42);
    // As in an editor, where each analysis follows a debounce: the machine is idle before every edit.
    const paused = rules === undefined && !generated ? await measure(42, 100, editorDebounceMs) : undefined;
    return { lines: file.lines, bytes: Buffer.byteLength(file.text), origin: file.origin, initialFindings: cold.initialFindings, finalFindings: cold.finalFindings, cold, warm, paused, edits };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function row(label, value, note) {
  console.log(`  ${label.padEnd(36)} ${String(value).padEnd(24)} ${note ?? ''}`);
}

function ratioText(value) {
  return value === undefined ? 'not measured' : `${value.toFixed(2)}×`;
}

if (!existsSync(cli)) {
  fail(`${cli} is missing; run \`npm run build\` first (npm run bench does).`);
}
const where = corpus();
const threads = availableParallelism();
const hasRuff = onPath('ruff');
const hasRg = onPath('rg');
console.log(`Refactor Runbook benchmark — corpus: ${where.label}`);
console.log(`  ${threads} CPU(s), Node ${process.version}, median (min–max) of ${runs} alternating runs per command; load average ${loadavg().map((load) => load.toFixed(1)).join(' ')}\n`);
if (!hasRuff) console.log('  ruff is not on PATH (python3 -m venv V && V/bin/pip install ruff, then put V/bin on PATH): no ratios to ruff\n');

const scratch = mkdtempSync(path.join(tmpdir(), 'rr-bench-'));
try {
  const single = path.join(scratch, 'corpus');
  copyCorpus(where.folder, where.entries, single);
  const words = triggerWords();
  const patterns = path.join(scratch, 'trigger-words.txt');
  writeFileSync(patterns, `${words.join('\n')}\n`);
  const globs = ['*.py', '*.sh', '*.sbatch', '*.slurm', '*.md'].flatMap((glob) => ['-g', glob]);
  const rgArgs = ['--files-with-matches', '--fixed-strings', '--no-ignore-parent', '-f', patterns, ...globs, '.'];
  // The warm runs need the cache a first run writes.
  await runCli(single, []);
  const coldJobs = threads > 1 ? [1, threads] : [1];
  const variants = [
    // The ratios to ruff use the default (no --jobs), what a user runs.
    { name: 'cold (default --jobs)', run: () => runCli(single, ['--no-cache']) },
    ...coldJobs.map((jobs) => ({ name: `cold, --jobs ${jobs}`, run: () => runCli(single, ['--no-cache', '--jobs', String(jobs)]) })),
    { name: 'warm (result cache)', run: () => runCli(single, []) },
    ...(hasRuff ? [{ name: 'ruff', run: () => runRuff(single) }] : []),
    ...(hasRg ? [{ name: 'rg', run: () => measure('rg', rgArgs, single) }] : []),
  ];
  const samples = await alternate(variants, runs);
  const cold = samples.get('cold (default --jobs)');
  const coldMany = samples.get(`cold, --jobs ${coldJobs[coldJobs.length - 1]}`);
  const coldOne = samples.get('cold, --jobs 1');
  const warm = samples.get('warm (result cache)');
  const ruff = samples.get('ruff');
  const report = JSON.parse(cold[cold.length - 1].stdout);
  const sameFindings = [...cold, ...coldOne, ...coldMany, ...warm].every((sample) => findingsOf(sample.stdout) === findingsOf(cold[0].stdout));
  const { stats } = report;
  console.log('Whole run: refactor-runbook check . --format json (on a copy of the corpus)');
  row('files', stats.files);
  row('bytes', `${stats.bytes} (${(stats.bytes / 1e6).toFixed(1)} MB)`);
  row('files parsed', `${stats.parsedFiles} (${((stats.parsedFiles / Math.max(1, stats.files)) * 100).toFixed(1)}%)`);
  row('findings', report.findings.length, sameFindings ? 'identical in every run: cold and warm, every --jobs' : 'DIFFER between runs: a bug');
  console.log('');
  console.log(`  ${''.padEnd(36)} ${'wall'.padEnd(24)} ${'CPU (user + system)'.padEnd(24)} peak RSS`);
  for (const variant of variants) {
    const list = samples.get(variant.name);
    const peak = stat(list, 'peakRssMb');
    console.log(`  ${variant.name.padEnd(36)} ${figure(list, 'wallMs').padEnd(24)} ${figure(list, 'cpuMs').padEnd(24)} ${peak === undefined ? '' : `${peak.max.toFixed(0)} MB`}`);
  }
  console.log('');
  if (coldJobs.length > 1) {
    row(`speed-up --jobs ${threads} over --jobs 1`, `wall ${(stat(coldOne, 'wallMs').median / stat(coldMany, 'wallMs').median).toFixed(2)}×`, `target ≥ 1.6× on 2 CPUs; CPU time ${(stat(coldMany, 'cpuMs')?.median / stat(coldOne, 'cpuMs')?.median).toFixed(2)}× of --jobs 1`);
  }
  const coldRatio = ruff ? ratio(cold, ruff, 'wallMs') : undefined;
  const warmRatio = ruff ? ratio(warm, ruff, 'wallMs') : undefined;
  if (ruff) {
    row('cold (default --jobs) / ruff (wall)', ratioText(coldRatio), `CPU ${ratioText(ratio(cold, ruff, 'cpuMs'))}; target ≤ ${targets.coldVsRuff}× (milestone ≤ ${targets.coldVsRuffMilestone}×; stdlib ≤ 0.5×)`);
    row('warm / ruff (wall)', ratioText(warmRatio), `CPU ${ratioText(ratio(warm, ruff, 'cpuMs'))}; target ≤ ${targets.warmVsRuff}×`);
  }
  const rg = samples.get('rg');
  if (rg) row(`cold / rg (${words.length} trigger words)`, ratioText(ratio(cold, rg, 'wallMs')), `target ≤ ${targets.wallVsRg}× (issue 3)`);
  const peakRss = Math.max(...[...cold, ...coldOne, ...coldMany, ...warm].map((sample) => sample.peakRssMb ?? 0));
  const verdicts = [
    ruff ? [`cold ≤ ${targets.coldVsRuff}× ruff`, coldRatio <= targets.coldVsRuff] : undefined,
    ruff ? [`cold ≤ ${targets.coldVsRuffMilestone}× ruff (milestone)`, coldRatio <= targets.coldVsRuffMilestone] : undefined,
    ruff ? [`warm ≤ ${targets.warmVsRuff}× ruff`, warmRatio <= targets.warmVsRuff] : undefined,
    peakRss > 0 ? [`peak RSS ≤ ${targets.peakRssMb} MB`, peakRss <= targets.peakRssMb] : undefined,
    ['findings identical', sameFindings],
  ];

  if (options.scaling) {
    console.log(`\nScaling: the corpus copied 1×, 2×, 4×, 8× into one folder, cold (--no-cache, default --jobs), ${scalingRuns} alternating runs`);
    console.log(`  ${'copies'.padEnd(8)} ${'files'.padEnd(8)} ${'CLI wall'.padEnd(24)} ${'CLI CPU'.padEnd(24)} ${'per copy: wall, CPU'.padEnd(22)} ${'peak RSS'.padEnd(10)} ${'ruff wall'.padEnd(24)} ratio`);
    const baseline = {};
    let worstGrowth = 0;
    let worstCpuGrowth = 0;
    for (const scale of scales) {
      const folder = path.join(scratch, `scale-${scale}`);
      for (let copy = 0; copy < scale; copy++) copyCorpus(single, readdirSync(single), path.join(folder, `copy-${copy}`));
      const scaled = await alternate([{ name: 'cli', run: () => runCli(folder, ['--no-cache']) }, ...(hasRuff ? [{ name: 'ruff', run: () => runRuff(folder) }] : [])], scalingRuns);
      const cliSamples = scaled.get('cli');
      const wall = stat(cliSamples, 'wallMs').median;
      const cpu = stat(cliSamples, 'cpuMs')?.median;
      baseline.wall ??= wall;
      baseline.cpu ??= cpu;
      // Linear within 10%: the time per copy at N copies is at most 1.1× the time of one copy (wall, and CPU time,
      // which the load of a shared machine moves less).
      const cpuGrowth = cpu === undefined ? undefined : cpu / scale / baseline.cpu;
      worstGrowth = Math.max(worstGrowth, wall / scale / baseline.wall);
      worstCpuGrowth = Math.max(worstCpuGrowth, cpuGrowth ?? 0);
      const files = JSON.parse(cliSamples[0].stdout).stats.files;
      const peak = stat(cliSamples, 'peakRssMb');
      const ruffWall = hasRuff ? scaled.get('ruff') : undefined;
      console.log(`  ${`${scale}×`.padEnd(8)} ${String(files).padEnd(8)} ${figure(cliSamples, 'wallMs').padEnd(24)} ${figure(cliSamples, 'cpuMs').padEnd(24)} ${`${(wall / scale / baseline.wall).toFixed(2)}×, ${cpuGrowth === undefined ? '?' : `${cpuGrowth.toFixed(2)}×`} of 1×`.padEnd(22)} ${(peak === undefined ? '' : `${peak.max.toFixed(0)} MB`).padEnd(10)} ${(ruffWall ? figure(ruffWall, 'wallMs') : '').padEnd(24)} ${ruffWall ? ratioText(ratio(cliSamples, ruffWall, 'wallMs')) : ''}`);
      rmSync(folder, { recursive: true, force: true });
    }
    verdicts.push([`8× scaling linear within ${targets.scalingSlack * 100}% (wall)`, worstGrowth <= 1 + targets.scalingSlack]);
    if (worstCpuGrowth > 0) verdicts.push([`8× scaling linear within ${targets.scalingSlack * 100}% (CPU)`, worstCpuGrowth <= 1 + targets.scalingSlack]);
  }

  if (options.edits) {
    const incremental = await benchIncremental(where);
    const parseOnly = await benchIncremental(where, []);
    const generatedFile = await benchIncremental(where, undefined, true);
    console.log(`\nIncremental re-analysis (in-process): ${incremental.lines}-line file (${(incremental.bytes / 1024).toFixed(0)} KiB, ${incremental.origin})`);
    row('edits', `${incremental.edits} one-character edits`, `findings: ${incremental.initialFindings} before, ${incremental.finalFindings} after`);
    const times = (figures) => `p50 ${figures.p50.toFixed(2)}, p95 ${figures.p95.toFixed(2)}, max ${figures.max.toFixed(1)} ms`;
    row('warm (after edits of another file)', times(incremental.warm), `target p95 ≤ ${targets.editP95Ms} ms`);
    row('cold (first edits after start)', times(incremental.cold), 'includes V8 compiling the code on first use');
    if (incremental.paused !== undefined) {
      row(`warm, ${editorDebounceMs} ms idle before each`, times(incremental.paused), 'as after an editor debounce: compare with npm run bench:editor');
    }
    row('no rules (parse + pipeline)', `warm ${times(parseOnly.warm)}`, "the rest of the warm figures above is the rules' share");
    row('same edits, generated module', `warm ${times(generatedFile.warm)}`, `cold p95 ${generatedFile.cold.p95.toFixed(2)} ms (the editor benchmark's file, ${generatedFile.initialFindings} findings)`);
    verdicts.push([`edit p95 ≤ ${targets.editP95Ms} ms (warm)`, incremental.warm.p95 <= targets.editP95Ms]);
  }
  console.log(`\nTargets: ${verdicts.filter((verdict) => verdict !== undefined).map(([label, ok]) => `${ok ? 'PASS' : 'FAIL'} ${label}`).join('; ')}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
