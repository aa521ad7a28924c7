// Facts remembered per parsed tree, stored on the Tree object itself rather than in a WeakMap. The facts hold
// tree-sitter Nodes, and a Node points back to its tree: a WeakMap entry whose value reaches its key is kept alive by
// V8's young-generation collector until the next full collection. Every tree of an open document (with its text and
// memoised nodes) was therefore promoted to the old generation, and each minor collection copied 2–3 MB, pausing 3–5
// ms in the middle of a keystroke's analysis. On the tree, the facts die with it in the next minor collection.
import type { Tree } from 'web-tree-sitter';

export class PerTree<T> {
  private readonly key: symbol;

  /** `name` only labels the property (for heap snapshots). */
  constructor(name: string) {
    this.key = Symbol(name);
  }

  get(tree: Tree): T | undefined {
    return (tree as unknown as Record<symbol, T | undefined>)[this.key];
  }

  has(tree: Tree): boolean {
    return this.get(tree) !== undefined;
  }

  set(tree: Tree, value: T): void {
    (tree as unknown as Record<symbol, T>)[this.key] = value;
  }
}
