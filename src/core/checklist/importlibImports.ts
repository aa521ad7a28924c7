// Modules a file loads through importlib rather than an import statement: `importlib.import_module("pkg.mod")`, and
// `spec_from_file_location(name, path)` / `SourceFileLoader` / `runpy.run_path` on a file path (written as one string
// or as `Path(...) / "src" / "mod.py"`), as tests do for scripts that are not in a package. The path's module name is
// what `importsModule` compares, so a test loading `src/training/fusion_training.py` this way imports that module.
// A test running a script with subprocess (`[sys.executable, "osc_job_manager.py", …]`) counts the same way.
import type { Node, Tree } from 'web-tree-sitter';
import { dottedName, namedChildrenOf as namedChildren } from '../python/treeNavigation';
import { stringLiteralText } from '../python/stringLiterals';

const moduleLoaders = /(?:^|\.)import_module$/;
const fileLoaders = /(?:^|\.)(?:spec_from_file_location|SourceFileLoader|run_path)$/;
/** A test that runs the script (`subprocess.run([sys.executable, "osc_job_manager.py", "--dry-run"])`) exercises it. */
const scriptRunners = /^subprocess\.(?:run|call|check_call|check_output|Popen)$/;

/** `../src/training/x.py` → `src.training.x`; undefined for text that is not a relative Python path. */
function moduleOfPathText(text: string): string | undefined {
  if (!/^[\w./-]+\.py$/.test(text)) return undefined;
  const parts = text.split('/').filter((part) => part !== '' && part !== '.' && part !== '..');
  if (parts.length === 0) return undefined;
  const last = parts.length - 1;
  parts[last] = (parts[last] ?? '').replace(/\.py$/, '');
  if (parts[last] === '__init__') parts.pop();
  return parts.every((part) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)) && parts.length > 0 ? parts.join('.') : undefined;
}

function stringsIn(node: Node): string[] {
  if (node.type === 'string' || node.type === 'concatenated_string') return [stringLiteralText(node)];
  return namedChildren(node).flatMap(stringsIn);
}

export function importlibModules(tree: Tree): string[] {
  const modules = new Set<string>();
  let loadsFiles = false;
  for (const call of tree.rootNode.descendantsOfType('call')) {
    if (call === null) continue;
    const callee = call.childForFieldName('function');
    const name = callee === null ? undefined : dottedName(callee);
    if (name === undefined) continue;
    const argumentsNode = call.childForFieldName('arguments');
    const strings = argumentsNode === null ? [] : stringsIn(argumentsNode);
    if (moduleLoaders.test(name)) {
      const first = strings[0];
      if (first !== undefined && /^[A-Za-z_][\w.]*$/.test(first)) modules.add(first);
    } else if (scriptRunners.test(name)) {
      for (const text of strings) {
        const module = moduleOfPathText(text);
        if (module !== undefined) modules.add(module);
      }
    } else if (fileLoaders.test(name)) {
      loadsFiles = true;
      const first = strings[0];
      if (first !== undefined && /^[A-Za-z_][\w.]*$/.test(first)) modules.add(first);
    }
  }
  if (!loadsFiles) return [...modules];
  // The path is often a module-level constant: read every path-like literal chain that ends in ".py".
  for (const node of tree.rootNode.descendantsOfType(['binary_operator', 'string'])) {
    if (node === null) continue;
    if (node.type === 'string' && node.parent?.type === 'binary_operator') continue;
    if (node.type === 'binary_operator' && node.parent?.type === 'binary_operator') continue;
    const joined = stringsIn(node).filter((text) => /^[\w./-]+$/.test(text)).join('/');
    const module = moduleOfPathText(joined);
    if (module !== undefined) modules.add(module);
  }
  return [...modules];
}
