// The generated Python module the editor benchmark edits: 2,000 lines in the style of the example's training code.
/** A 2,000-line module in the style of the example's training code, with a few findings in it. */
export function generatedModule(lines: number): string {
  const out = ['import glob', 'import os', 'import torch', '', ''];
  for (let index = 0; out.length < lines - 6; index++) {
    out.push(
      `def load_stage_${index}(cfg, path):`,
      `    """Load stage ${index} weights from an explicit path."""`,
      `    if not os.path.isfile(path):`,
      `        raise FileNotFoundError(f"stage ${index} weights missing at {path}")`,
      `    state = torch.load(path, map_location="cpu", weights_only=True)`,
      `    return {k: v for k, v in state.items() if not k.startswith("aux_")}`,
      '',
      '',
    );
  }
  out.push('def find_latest():', '    return max(glob.glob("osc_jobs/**/*.pth", recursive=True), key=os.path.getmtime)', '');
  return `${out.slice(0, lines).join('\n')}\n`;
}
