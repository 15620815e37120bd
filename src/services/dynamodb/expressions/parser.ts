// Recursive-descent parsers for condition (and filter, key condition), projection and update
// expressions. Each token is looked at a bounded number of times, so parsing is linear; nesting
// depth is bounded by the expression length limit (4 KB).
import type {
  CallNode,
  Comparator,
  ConditionNode,
  OperandNode,
  PathNode,
  UpdateNode,
  ValueNode,
} from './ast.js';
import { isOperand } from './ast.js';
import { tokenize, type Token } from './lexer.js';

/** A syntax error at a token; the caller names the expression. */
export class ExpressionSyntaxError extends Error {
  constructor(
    readonly token: Token,
    readonly near: string,
  ) {
    super(`Syntax error; token: "${token.text}", near: "${near}"`);
  }
}

const COMPARATORS = new Set(['=', '<>', '<', '<=', '>', '>=']);
const SECTIONS = new Set(['SET', 'REMOVE', 'ADD', 'DELETE']);
/** Words of the grammar itself: never attribute names, whatever the reserved-word list says. */
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'BETWEEN', 'IN', ...SECTIONS]);

/** A parenthesis directly around another: DynamoDB refuses it as soon as it is closed. */
export class RedundantParenthesesError extends Error {
  constructor() {
    super('The expression has redundant parentheses;');
  }
}

class Parser {
  private position = 0;
  private readonly tokens: Token[];
  private readonly parenthesized = new WeakSet<object>();

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.position + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'eof') this.position += 1;
    return token;
  }

  fail(token = this.peek()): never {
    const index = this.tokens.indexOf(token);
    const from = this.tokens[Math.max(0, index - 1)]!;
    const to = this.tokens[Math.min(this.tokens.length - 1, index + 1)]!;
    const end = to.type === 'eof' ? this.text.length : to.start + to.text.length;
    throw new ExpressionSyntaxError(token, this.text.slice(from.start, end));
  }

  private isPunct(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'punct' && token.text === text;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.type === 'word' && token.text.toUpperCase() === word;
  }

  private expectPunct(text: string): void {
    if (!this.isPunct(text)) this.fail();
    this.next();
  }

  expectEnd(): void {
    if (this.peek().type !== 'eof') this.fail();
  }

  private group<T extends object>(node: T): T {
    if (this.parenthesized.has(node)) throw new RedundantParenthesesError();
    this.parenthesized.add(node);
    return node;
  }

  private isName(token: Token): boolean {
    return token.type === 'alias' || (token.type === 'word' && !KEYWORDS.has(token.text.toUpperCase()));
  }

  // path := name ( '.' name | '[' number ']' )*
  path(): PathNode {
    const first = this.next();
    if (!this.isName(first)) this.fail(first);
    const node: PathNode = { type: 'path', parts: [{ kind: 'attribute', token: first.text }] };
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const part = this.next();
        if (!this.isName(part)) this.fail(part);
        node.parts.push({ kind: 'attribute', token: part.text });
      } else if (this.isPunct('[')) {
        this.next();
        const index = this.next();
        if (index.type !== 'number') this.fail(index);
        this.expectPunct(']');
        node.parts.push({ kind: 'index', index: Number(index.text) });
      } else {
        return node;
      }
    }
  }

  private value(): ValueNode {
    const token = this.next();
    if (token.type !== 'value') this.fail(token);
    return { type: 'value', ref: token.text };
  }

  private call(argument: () => OperandNode): CallNode {
    const name = this.next().text;
    this.expectPunct('(');
    const args: OperandNode[] = [];
    if (!this.isPunct(')')) {
      args.push(argument());
      while (this.isPunct(',')) {
        this.next();
        args.push(argument());
      }
    }
    this.expectPunct(')');
    return { type: 'call', name, args };
  }

  /** A path, a value or a function call (whose arguments are read by `argument`). */
  private simpleOperand(argument: () => OperandNode): OperandNode {
    const token = this.peek();
    if (token.type === 'value') return this.value();
    if (token.type === 'word' && this.isPunct('(', 1)) return this.call(argument);
    if (this.isName(token)) return this.path();
    return this.fail(token);
  }

  // Conditions -------------------------------------------------------------------------------

  condition(): ConditionNode {
    const node = this.orLevel(false);
    return node as ConditionNode;
  }

  /** With `allowOperand`, a lone operand is returned (the inside of `( operand )`). */
  private orLevel(allowOperand: boolean): ConditionNode | OperandNode {
    let left = this.andLevel(allowOperand);
    if (isOperand(left)) return left;
    while (this.isKeyword('OR')) {
      this.next();
      left = { type: 'or', left, right: this.andLevel(false) as ConditionNode };
    }
    return left;
  }

  private andLevel(allowOperand: boolean): ConditionNode | OperandNode {
    let left = this.notLevel(allowOperand);
    if (isOperand(left)) return left;
    while (this.isKeyword('AND')) {
      this.next();
      left = { type: 'and', left, right: this.notLevel(false) as ConditionNode };
    }
    return left;
  }

  private notLevel(allowOperand: boolean): ConditionNode | OperandNode {
    // NOT NOT … is read iteratively so that a long chain cannot exhaust the stack.
    let nots = 0;
    while (this.isKeyword('NOT')) {
      this.next();
      nots += 1;
    }
    let node = this.predicate(allowOperand && nots === 0);
    if (nots > 0 && isOperand(node)) node = this.predicateAfter(node);
    for (let i = 0; i < nots; i += 1) node = { type: 'not', operand: node as ConditionNode };
    return node;
  }

  /** `( … )`, or an operand with what follows it. */
  private unit(): ConditionNode | OperandNode {
    if (this.isPunct('(')) {
      this.next();
      const inner = this.orLevel(true);
      this.expectPunct(')');
      return this.group(inner);
    }
    return this.simpleOperand(() => this.conditionOperand());
  }

  /** An operand in a condition: possibly parenthesised, never a condition. */
  private conditionOperand(): OperandNode {
    const node = this.unit();
    if (!isOperand(node)) this.fail();
    return node;
  }

  private predicate(allowOperand: boolean): ConditionNode | OperandNode {
    const node = this.unit();
    if (!isOperand(node)) return node;
    const token = this.peek();
    const continues =
      (token.type === 'punct' && COMPARATORS.has(token.text)) ||
      this.isKeyword('BETWEEN') ||
      this.isKeyword('IN');
    if (continues) return this.predicateAfter(node);
    // A function followed by AND/OR is a condition even inside parentheses.
    if (node.type === 'call' && (this.isKeyword('AND') || this.isKeyword('OR'))) return asCondition(node);
    if (allowOperand) return node;
    if (node.type === 'call') return asCondition(node);
    return this.fail();
  }

  private predicateAfter(subject: OperandNode): ConditionNode {
    const token = this.peek();
    if (token.type === 'punct' && COMPARATORS.has(token.text)) {
      this.next();
      return { type: 'compare', op: token.text as Comparator, left: subject, right: this.conditionOperand() };
    }
    if (this.isKeyword('BETWEEN')) {
      this.next();
      const low = this.conditionOperand();
      if (!this.isKeyword('AND')) this.fail();
      this.next();
      return { type: 'between', subject, low, high: this.conditionOperand() };
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectPunct('(');
      const items = [this.conditionOperand()];
      while (this.isPunct(',')) {
        this.next();
        items.push(this.conditionOperand());
      }
      this.expectPunct(')');
      return { type: 'in', subject, items };
    }
    if (subject.type === 'call') return asCondition(subject);
    return this.fail();
  }

  // Projections ------------------------------------------------------------------------------

  projection(): PathNode[] {
    const paths = [this.path()];
    while (this.isPunct(',')) {
      this.next();
      paths.push(this.path());
    }
    return paths;
  }

  // Updates ----------------------------------------------------------------------------------

  update(): UpdateNode {
    const update: UpdateNode = { set: [], remove: [], add: [], delete: [], sections: [], targets: [] };
    if (this.peek().type === 'eof') this.fail();
    while (this.peek().type !== 'eof') {
      const keyword = this.next();
      const section = keyword.type === 'word' ? keyword.text.toUpperCase() : '';
      if (!SECTIONS.has(section)) this.fail(keyword);
      update.sections.push(section);
      this.updateAction(section, update);
      while (this.isPunct(',')) {
        this.next();
        this.updateAction(section, update);
      }
      if (this.peek().type !== 'eof' && !this.startsSection()) this.fail();
    }
    return update;
  }

  private startsSection(): boolean {
    const token = this.peek();
    return token.type === 'word' && SECTIONS.has(token.text.toUpperCase());
  }

  private updateAction(section: string, update: UpdateNode): void {
    const path = this.updatePath();
    update.targets.push(path);
    if (section === 'SET') {
      this.expectPunct('=');
      update.set.push({ path, value: this.setValue() });
    } else if (section === 'REMOVE') {
      update.remove.push(path);
    } else {
      const value = this.value();
      (section === 'ADD' ? update.add : update.delete).push({ path, value });
    }
  }

  /** The target of an action is a path, never a function call. */
  private updatePath(): PathNode {
    if (this.peek().type === 'word' && this.isPunct('(', 1)) this.fail(this.peek(1));
    return this.path();
  }

  // value := term ( ('+' | '-') term )?
  private setValue(): OperandNode {
    const left = this.setTerm();
    if (this.isPunct('+') || this.isPunct('-')) {
      const op = this.next().text as '+' | '-';
      return { type: 'arith', op, left, right: this.setTerm() };
    }
    return left;
  }

  private setTerm(): OperandNode {
    if (this.isPunct('(')) {
      this.next();
      const inner = this.setValue();
      this.expectPunct(')');
      return this.group(inner);
    }
    return this.simpleOperand(() => this.setValue());
  }
}

function asCondition(call: CallNode): ConditionNode {
  return { type: 'function', name: call.name, args: call.args };
}

function run<T>(text: string, read: (parser: Parser) => T): T {
  const parser = new Parser(text);
  const node = read(parser);
  parser.expectEnd();
  return node;
}

export const parseCondition = (text: string) => run(text, (p) => p.condition());
export const parseProjection = (text: string) => run(text, (p) => p.projection());
export const parseUpdate = (text: string) => run(text, (p) => p.update());
