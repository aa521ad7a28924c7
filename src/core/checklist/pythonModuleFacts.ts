// What the structural checks need to know about a Python file, read once from the real parse tree and kept as plain
// data (the tree's WebAssembly memory is freed right away): classes with their fields and methods, functions with the
// names they use, the calls they make, what they raise and what their tests expect to be raised, and the imports.
import type { Node, Tree } from 'web-tree-sitter';
import { importlibModules } from './importlibImports';
import { calleeName } from '../python/callSites';
import { dottedName, namedChildrenOf } from '../python/treeNavigation';
import { importAliases } from '../python/imports';
import { stringLiteralText } from '../python/stringLiterals';
import { CompositionReader } from './textCompositions';
import type { TextComposition } from './textCompositions';

export interface SourcePosition {
  /** 1-based. */
  readonly line: number;
  /** 1-based, UTF-16 code units. */
  readonly column: number;
}

export interface NameUse extends SourcePosition {
  /** The dotted name as written (`self.config.canonical_experiment_dir`), or a bare identifier. */
  readonly name: string;
  /** The last part (`canonical_experiment_dir`). */
  readonly lastName: string;
}

export interface CallUse extends SourcePosition {
  /** Dotted callee with the first name resolved through imports (`torch.save`); `<expr>.mkdir` for `Path(p).mkdir()`. */
  readonly callee: string;
  /** The receiver as written when it is a dotted name (`self`, `self.config`, `teacher`); absent for `f(x).name()`. */
  readonly receiver?: string;
  /** Fixed text of the positional string arguments (`"--auto-chain"` in `add_argument("--auto-chain", …)`). */
  readonly stringArguments: readonly string[];
  /** Keyword arguments as written (`action` → `"store_true"`, `choices` → `sorted(PROFILES)`). */
  readonly keywords: Readonly<Record<string, string>>;
  /** Positional arguments as written, in order (each cut at 200 characters). */
  readonly argumentTexts: readonly string[];
  /** True when the call is a statement of its own, its result unused (`self.check()`). */
  readonly discarded?: true;
}

export interface RaiseUse extends SourcePosition {
  /** Last part of the raised exception's name (`FileNotFoundError`). */
  readonly exception: string;
  /** True when the exception is constructed with at least one argument (the message). */
  readonly hasMessage: boolean;
}

export interface StringUse extends SourcePosition {
  /** Literal text (the fixed parts, for an f-string). */
  readonly value: string;
}

export interface FunctionFacts extends SourcePosition {
  readonly name: string;
  /** `Class.method` for methods, the name for module-level functions. */
  readonly qualifiedName: string;
  readonly className?: string;
  readonly endLine: number;
  /** Names used in the body, in document order. */
  readonly references: readonly NameUse[];
  readonly calls: readonly CallUse[];
  readonly raises: readonly RaiseUse[];
  readonly strings: readonly StringUse[];
  /** Texts put together from values (f-strings, `"_".join`, `+`, `.format`, `%`), in document order. */
  readonly compositions: readonly TextComposition[];
  /** Exceptions the body expects with `pytest.raises(X)` or `self.assertRaises(X)`. */
  readonly expectedRaises: readonly NameUse[];
  /** Functions of the same file this one calls: `self.name` for methods of its class, `name` for module functions. */
  readonly localCalls: readonly string[];
  /** Local names the body assigns (`learning_type = …`, `a, b = …`), so a derived field can be recognised. */
  readonly assigned: readonly string[];
  /** What a local was last assigned, as written (`weights` → `model.state_dict()`), cut at 200 characters. */
  readonly assignedValues: Readonly<Record<string, string>>;
  /** Parameter names in order (`self`, `config`, …). */
  readonly parameters: readonly string[];
  /** True when the body is only a docstring, `pass`, `...` or `raise NotImplementedError`: a stub. */
  readonly isStub: boolean;
}

export interface FieldFacts extends SourcePosition {
  readonly name: string;
  /** The string keys, when the value is a dict literal (`{"gat": …, "vgae": …}`): a table keyed by them. */
  readonly dictKeys?: readonly string[];
}

export interface ClassFacts extends SourcePosition {
  readonly name: string;
  readonly endLine: number;
  readonly bases: readonly string[];
  /** Class attributes, annotations, and `self.<name> = …` in `__init__`. */
  readonly fields: readonly FieldFacts[];
  readonly methods: readonly FunctionFacts[];
}

/** The name of the pseudo-function holding a module's top-level statements. */
export const moduleBodyName = '<module>';

export interface PythonModuleFacts {
  readonly classes: readonly ClassFacts[];
  readonly functions: readonly FunctionFacts[];
  /** Top-level statements (a script's body), as a pseudo-function named `<module>`. */
  readonly moduleBody: FunctionFacts;
  /** Module-level assigned names. */
  readonly variables: readonly FieldFacts[];
  /** Dotted modules imported (`from a.b import c` gives `a.b` and `a.b.c`); relative imports resolved from the file. */
  readonly imports: readonly string[];
  /** Where the first syntax error is, when the file has one (the rest of the file is still read). */
  readonly firstSyntaxError?: SourcePosition;
}

function positionOf(node: Node): SourcePosition {
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}

/** The function or class a `decorated_definition` wraps, or the node itself. */
function undecorated(node: Node): Node {
  return node.type === 'decorated_definition' ? (node.childForFieldName('definition') ?? node) : node;
}

function expectedExceptionNames(argument: Node | undefined): Node[] {
  if (argument === undefined) return [];
  if (argument.type === 'tuple' || argument.type === 'parenthesized_expression') return namedChildrenOf(argument).flatMap((child) => expectedExceptionNames(child));
  return dottedName(argument) === undefined ? [] : [argument];
}

function isExpectRaisesCall(callee: string): boolean {
  return callee === 'pytest.raises' || /(?:^|\.)assertRaises(?:Regex)?$/.test(callee);
}

class FunctionReader {
  private readonly references: NameUse[] = [];
  private readonly calls: CallUse[] = [];
  private readonly raises: RaiseUse[] = [];
  private readonly strings: StringUse[] = [];
  private readonly compositions = new CompositionReader();
  /** Calls that are whole expression statements, by node id. */
  private readonly statementCalls = new Set<number>();
  private readonly expectedRaises: NameUse[] = [];
  private readonly localCalls = new Set<string>();
  private readonly assigned = new Set<string>();
  private readonly assignedValues: Record<string, string> = {};
  private stub = false;
  private parameters: string[] = [];

  constructor(private readonly aliases: ReadonlyMap<string, string>) {}

  read(definition: Node, className: string | undefined): FunctionFacts {
    const name = definition.childForFieldName('name')?.text ?? '<anonymous>';
    const body = definition.childForFieldName('body');
    this.parameters = namedChildrenOf(definition.childForFieldName('parameters') ?? definition)
      .map((parameter) => (parameter.type === 'identifier' ? parameter.text : (parameter.childForFieldName('name')?.text ?? namedChildrenOf(parameter).find((child) => child.type === 'identifier')?.text)))
      .filter((name): name is string => name !== undefined);
    if (body !== null) {
      this.stub = isStubBody(body);
      this.visit(body);
    }
    return this.facts(name, className, positionOf(definition), definition.endPosition.row + 1);
  }

  /** The statements outside any function or class, read as one pseudo-function named `<module>`. */
  readModuleStatements(statements: readonly Node[], endLine: number): FunctionFacts {
    for (const statement of statements) this.visit(statement);
    return this.facts(moduleBodyName, undefined, { line: 1, column: 1 }, endLine);
  }

  private facts(name: string, className: string | undefined, position: SourcePosition, endLine: number): FunctionFacts {
    return {
      name,
      qualifiedName: className === undefined ? name : `${className}.${name}`,
      ...(className === undefined ? {} : { className }),
      ...position,
      endLine,
      references: this.references,
      calls: this.calls,
      raises: this.raises,
      strings: this.strings,
      compositions: this.compositions.compositions,
      expectedRaises: this.expectedRaises,
      localCalls: [...this.localCalls],
      assigned: [...this.assigned],
      assignedValues: this.assignedValues,
      parameters: this.parameters,
      isStub: this.stub,
    };
  }

  private visit(node: Node): void {
    this.compositions.visit(node);
    switch (node.type) {
      case 'attribute': {
        const name = dottedName(node);
        if (name !== undefined) {
          this.references.push({ name, lastName: name.slice(name.lastIndexOf('.') + 1), ...positionOf(node) });
          return;
        }
        break;
      }
      case 'identifier':
        this.references.push({ name: node.text, lastName: node.text, ...positionOf(node) });
        return;
      case 'string':
        this.strings.push({ value: stringLiteralText(node), ...positionOf(node) });
        break;
      case 'expression_statement': {
        const only = node.namedChildCount === 1 ? node.firstNamedChild : null;
        if (only?.type === 'call') this.statementCalls.add(only.id);
        break;
      }
      case 'call':
        this.readCall(node);
        break;
      case 'raise_statement':
        this.readRaise(node);
        break;
      case 'assignment':
      case 'augmented_assignment': {
        const value = node.childForFieldName('right')?.text.slice(0, 200);
        for (const target of assignedNames(node)) {
          this.assigned.add(target.text);
          if (value !== undefined) this.assignedValues[target.text] = value;
        }
        break;
      }
    }
    for (const child of namedChildrenOf(node)) this.visit(child);
  }

  private readCall(call: Node): void {
    const callee = calleeName(call, this.aliases);
    if (callee === undefined) return;
    const calleeNode = call.childForFieldName('function');
    const receiverNode = calleeNode?.type === 'attribute' ? calleeNode.childForFieldName('object') : null;
    const receiver = receiverNode === null ? undefined : dottedName(receiverNode);
    const argumentNodes = namedChildrenOf(call.childForFieldName('arguments') ?? call).filter((child) => child.type !== 'comment');
    const keywords: Record<string, string> = {};
    const stringArguments: string[] = [];
    const argumentTexts: string[] = [];
    for (const argument of argumentNodes) {
      if (argument.type !== 'keyword_argument' && argument.type !== 'list_splat' && argument.type !== 'dictionary_splat') argumentTexts.push(argument.text.slice(0, 200));
      if (argument.type === 'keyword_argument') {
        const key = argument.childForFieldName('name')?.text;
        const value = argument.childForFieldName('value')?.text;
        if (key !== undefined && value !== undefined) keywords[key] = value;
      } else if (argument.type === 'string' || argument.type === 'concatenated_string') stringArguments.push(stringLiteralText(argument));
    }
    this.calls.push({ callee, ...(receiver === undefined ? {} : { receiver }), stringArguments, keywords, argumentTexts, ...(this.statementCalls.has(call.id) ? { discarded: true as const } : {}), ...positionOf(call) });
    if (calleeNode?.type === 'identifier') this.localCalls.add(calleeNode.text);
    const written = calleeNode === null ? undefined : dottedName(calleeNode);
    if (written !== undefined && /^(?:self|cls)\.[A-Za-z_][A-Za-z0-9_]*$/.test(written)) this.localCalls.add(`self.${written.slice(written.indexOf('.') + 1)}`);
    if (isExpectRaisesCall(callee)) {
      const firstArgument = namedChildrenOf(call.childForFieldName('arguments') ?? call).find((child) => child.type !== 'keyword_argument' && child.type !== 'comment');
      for (const exception of expectedExceptionNames(firstArgument)) {
        const name = dottedName(exception) ?? exception.text;
        this.expectedRaises.push({ name, lastName: name.slice(name.lastIndexOf('.') + 1), ...positionOf(exception) });
      }
    }
  }

  private readRaise(statement: Node): void {
    const raised = namedChildrenOf(statement)[0];
    if (raised === undefined) return; // a bare `raise` re-raises: nothing new is raised
    const constructor = raised.type === 'call' ? raised.childForFieldName('function') : raised;
    const name = constructor === null ? undefined : dottedName(constructor);
    if (name === undefined) return;
    const argumentList = raised.type === 'call' ? raised.childForFieldName('arguments') : null;
    const hasMessage = argumentList !== null && namedChildrenOf(argumentList).some((argument) => argument.type !== 'comment');
    this.raises.push({ exception: name.slice(name.lastIndexOf('.') + 1), hasMessage, ...positionOf(raised) });
  }
}

/** A body that does nothing yet: only a docstring, `pass`, `...`, or `raise NotImplementedError(…)`. */
function isStubBody(body: Node): boolean {
  return namedChildrenOf(body)
    .filter((statement) => statement.type !== 'comment')
    .every((statement) => {
      if (statement.type === 'pass_statement') return true;
      if (statement.type === 'expression_statement') {
        const only = namedChildrenOf(statement)[0];
        return only !== undefined && (only.type === 'string' || only.type === 'ellipsis');
      }
      if (statement.type === 'raise_statement') return /^raise\s+NotImplementedError\b/.test(statement.text);
      return false;
    });
}

/** The string keys of a dict literal value, or undefined when the value is not one. */
function dictLiteralKeys(assignment: Node): string[] | undefined {
  const value = assignment.childForFieldName('right');
  if (value === null || value.type !== 'dictionary') return undefined;
  return namedChildrenOf(value).flatMap((pair) => {
    const key = pair.type === 'pair' ? pair.childForFieldName('key') : null;
    return key !== null && key.type === 'string' ? [stringLiteralText(key)] : [];
  });
}

function fieldsOfAssignment(assignment: Node): FieldFacts[] {
  const keys = dictLiteralKeys(assignment);
  return assignedNames(assignment).map((target) => ({ name: target.text, ...positionOf(target), ...(keys === undefined ? {} : { dictKeys: keys }) }));
}

function readFunction(aliases: ReadonlyMap<string, string>, definition: Node, className?: string): FunctionFacts {
  return new FunctionReader(aliases).read(definition, className);
}

/** Names assigned by a statement's `left` side (`x = …`, `x: int = …`, `x, y = …`). */
function assignedNames(assignment: Node): Node[] {
  const left = assignment.childForFieldName('left');
  if (left === null) return [];
  if (left.type === 'identifier') return [left];
  if (left.type === 'pattern_list' || left.type === 'tuple_pattern') return namedChildrenOf(left).filter((child) => child.type === 'identifier');
  return [];
}

function assignmentOf(statement: Node): Node | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const first = namedChildrenOf(statement)[0];
  return first?.type === 'assignment' ? first : undefined;
}

/** `self.name = …` assignments anywhere in `__init__`. */
function initFields(initDefinition: Node): FieldFacts[] {
  const fields: FieldFacts[] = [];
  const body = initDefinition.childForFieldName('body');
  if (body === null) return fields;
  for (const assignment of body.descendantsOfType('assignment')) {
    const left = assignment?.childForFieldName('left');
    const name = left === null || left === undefined ? undefined : dottedName(left);
    if (left !== null && left !== undefined && name !== undefined && /^self\.[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      fields.push({ name: name.slice('self.'.length), ...positionOf(left) });
    }
  }
  return fields;
}

function readClass(aliases: ReadonlyMap<string, string>, definition: Node): ClassFacts {
  const name = definition.childForFieldName('name')?.text ?? '<anonymous>';
  const superclasses = definition.childForFieldName('superclasses');
  const bases = superclasses === null ? [] : namedChildrenOf(superclasses).map((base) => dottedName(base)).filter((base): base is string => base !== undefined);
  const fields: FieldFacts[] = [];
  const methods: FunctionFacts[] = [];
  const body = definition.childForFieldName('body');
  for (const statement of body === null ? [] : namedChildrenOf(body)) {
    const inner = undecorated(statement);
    if (inner.type === 'function_definition') {
      const method = readFunction(aliases, inner, name);
      methods.push(method);
      if (method.name === '__init__') fields.push(...initFields(inner));
      continue;
    }
    const assignment = assignmentOf(statement);
    if (assignment !== undefined) fields.push(...fieldsOfAssignment(assignment));
  }
  return { name, bases, fields, methods, ...positionOf(definition), endLine: definition.endPosition.row + 1 };
}

/** `pkg/sub/mod.py` → `pkg.sub.mod`; `pkg/__init__.py` → `pkg`. */
export function moduleNameOfPath(relativePath: string): string {
  const withoutExtension = relativePath.replace(/\.py$/, '');
  const parts = withoutExtension.split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  return parts.join('.');
}

function resolveRelativeModule(relativePath: string, prefix: string, rest: string | undefined): string {
  // One dot is the file's own package; each further dot goes one package up.
  const packageParts = moduleNameOfPath(relativePath).split('.');
  if (!relativePath.endsWith('/__init__.py')) packageParts.pop();
  const up = prefix.length - 1;
  const base = packageParts.slice(0, Math.max(0, packageParts.length - up));
  return [...base, ...(rest === undefined || rest === '' ? [] : [rest])].join('.');
}

function readImports(tree: Tree, relativePath: string): string[] {
  const modules = new Set<string>();
  for (const statement of tree.rootNode.descendantsOfType(['import_statement', 'import_from_statement'])) {
    if (statement === null) continue;
    if (statement.type === 'import_statement') {
      for (const child of namedChildrenOf(statement)) {
        const name = child.type === 'aliased_import' ? child.childForFieldName('name')?.text : child.type === 'dotted_name' ? child.text : undefined;
        if (name !== undefined) modules.add(name);
      }
      continue;
    }
    const moduleNode = statement.childForFieldName('module_name');
    if (moduleNode === null) continue;
    let moduleName: string;
    if (moduleNode.type === 'relative_import') {
      const prefix = namedChildrenOf(moduleNode).find((child) => child.type === 'import_prefix')?.text ?? '.';
      const rest = namedChildrenOf(moduleNode).find((child) => child.type === 'dotted_name')?.text;
      moduleName = resolveRelativeModule(relativePath, prefix, rest);
    } else {
      moduleName = moduleNode.text;
    }
    if (moduleName !== '') modules.add(moduleName);
    for (const child of statement.childrenForFieldName('name')) {
      if (child === null) continue;
      const imported = child.type === 'aliased_import' ? child.childForFieldName('name')?.text : child.text;
      if (imported !== undefined) modules.add(moduleName === '' ? imported : `${moduleName}.${imported}`);
    }
  }
  return [...modules];
}

function firstSyntaxError(tree: Tree): SourcePosition | undefined {
  if (!tree.rootNode.hasError) return undefined;
  const errors = tree.rootNode.descendantsOfType('ERROR').filter((node): node is Node => node !== null);
  if (errors[0] !== undefined) return positionOf(errors[0]);
  // Only MISSING nodes: walk to the first one.
  const cursor = tree.walk();
  try {
    for (;;) {
      if (cursor.currentNode.isMissing) return positionOf(cursor.currentNode);
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return { line: 1, column: 1 };
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Reads the facts of a parsed file; `relativePath` resolves relative imports. The caller still owns `tree`. */
export function readPythonModuleFacts(tree: Tree, relativePath: string): PythonModuleFacts {
  const aliases = importAliases(tree, tree.rootNode.text);
  const classes: ClassFacts[] = [];
  const functions: FunctionFacts[] = [];
  const variables: FieldFacts[] = [];
  const topLevelStatements: Node[] = [];
  for (const statement of namedChildrenOf(tree.rootNode)) {
    const inner = undecorated(statement);
    if (inner.type === 'class_definition') classes.push(readClass(aliases, inner));
    else if (inner.type === 'function_definition') functions.push(readFunction(aliases, inner));
    else {
      topLevelStatements.push(statement);
      const assignment = assignmentOf(statement);
      if (assignment !== undefined) variables.push(...fieldsOfAssignment(assignment));
    }
  }
  const moduleBody = new FunctionReader(aliases).readModuleStatements(topLevelStatements, tree.rootNode.endPosition.row + 1);
  const syntaxError = firstSyntaxError(tree);
  return { classes, functions, moduleBody, variables, imports: [...readImports(tree, relativePath), ...importlibModules(tree)], ...(syntaxError === undefined ? {} : { firstSyntaxError: syntaxError }) };
}
