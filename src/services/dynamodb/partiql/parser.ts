// DynamoDB's PartiQL statements, read by recursive descent into the forms the expression
// evaluator and updater already work on (AWS docs, "PartiQL select / insert / update / delete
// statements for DynamoDB"). `?` takes the next of the request's Parameters.
import type { AttributeValue, Item } from '../attribute-value.js';
import type { Comparator } from '../expressions/ast.js';
import type { Condition, Operand, Path, UpdateAction } from '../expressions/resolved.js';
import { PartiqlSyntaxError, tokenize, type Token } from './lexer.js';

export interface Source {
  table: string;
  index?: string;
}

/** One term of ORDER BY: a key attribute and its direction. */
export interface OrderTerm {
  attribute: string;
  descending: boolean;
}

export type Statement =
  | {
      kind: 'select';
      source: Source;
      projection: Path[] | undefined;
      where: Condition | undefined;
      orderBy?: OrderTerm[];
    }
  | { kind: 'insert'; source: Source; item: Item }
  | {
      kind: 'update';
      source: Source;
      actions: UpdateAction[];
      where: Condition | undefined;
      returning?: string;
    }
  | { kind: 'delete'; source: Source; where: Condition | undefined; returning?: string }
  /** ExecuteTransaction's EXISTS(SELECT …): a condition check. */
  | { kind: 'exists'; source: Source; where: Condition | undefined };

const COMPARATORS: Record<string, Comparator> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const CONDITION_FUNCTIONS = new Set(['begins_with', 'contains', 'attribute_type']);

/** Parentheses and nested values deeper than this are refused (and cannot exhaust the stack). */
const MAX_NESTING = 100;

class Parser {
  private at = 0;
  private parameter = 0;
  private depth = 0;

  constructor(
    private readonly tokens: Token[],
    private readonly parameters: AttributeValue[],
  ) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.at += 1;
    return token;
  }

  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'name' && token.text.toUpperCase() === word;
  }

  private isPunct(text: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.text === text;
  }

  private fail(token = this.peek()): never {
    const shown = token.kind === 'end' ? 'end of statement' : `'${token.text}'`;
    throw new PartiqlSyntaxError(`Unexpected ${shown} at position ${token.at}`);
  }

  private keyword(word: string): void {
    if (!this.isKeyword(word)) this.fail();
    this.next();
  }

  private punct(text: string): void {
    if (!this.isPunct(text)) this.fail();
    this.next();
  }

  private accept(word: string): boolean {
    if (!this.isKeyword(word)) return false;
    this.next();
    return true;
  }

  statement(): Statement {
    const statement = this.statementBody();
    if (this.peek().kind !== 'end') this.fail();
    if (this.parameter !== this.parameters.length) {
      throw new PartiqlSyntaxError("Number of parameters in request and statement don't match.");
    }
    return statement;
  }

  private statementBody(): Statement {
    if (this.accept('SELECT')) return this.select();
    if (this.accept('INSERT')) {
      this.keyword('INTO');
      const source = this.source();
      this.keyword('VALUE');
      const value = this.value();
      if (!('M' in value)) throw new PartiqlSyntaxError('The inserted value must be a tuple: {...}');
      return { kind: 'insert', source, item: value.M };
    }
    if (this.accept('UPDATE')) return this.update();
    if (this.accept('DELETE')) {
      this.keyword('FROM');
      const source = this.source();
      const where = this.where();
      return { kind: 'delete', source, where, returning: this.returning() };
    }
    if (this.accept('EXISTS')) {
      this.punct('(');
      this.keyword('SELECT');
      const select = this.select();
      this.punct(')');
      return { kind: 'exists', source: select.source, where: select.where };
    }
    return this.fail();
  }

  private select(): Statement & { kind: 'select' } {
    let projection: Path[] | undefined;
    if (this.isPunct('*')) this.next();
    else {
      projection = [this.path()];
      while (this.isPunct(',')) {
        this.next();
        projection.push(this.path());
      }
    }
    this.keyword('FROM');
    const source = this.source();
    const where = this.where();
    const orderBy = this.orderBy();
    return { kind: 'select', source, projection, where, ...(orderBy && { orderBy }) };
  }

  /** `ORDER BY key [ASC|DESC], …`, after the WHERE. */
  private orderBy(): OrderTerm[] | undefined {
    if (!this.accept('ORDER')) return undefined;
    this.keyword('BY');
    const terms: OrderTerm[] = [];
    do {
      const attribute = this.name();
      const descending = this.accept('DESC');
      if (!descending) this.accept('ASC');
      terms.push({ attribute, descending });
    } while (this.isPunct(',') && this.next());
    return terms;
  }

  private update(): Statement {
    const source = this.source();
    const actions: UpdateAction[] = [];
    for (;;) {
      if (this.accept('SET')) {
        do actions.push(this.setAction());
        while (this.isPunct(',') && this.next());
      } else if (this.accept('REMOVE')) {
        do actions.push({ kind: 'remove', path: this.path() });
        while (this.isPunct(',') && this.next());
      } else break;
    }
    if (actions.length === 0) this.fail();
    const where = this.where();
    return { kind: 'update', source, actions, where, returning: this.returning() };
  }

  /** `SET a = value`, with set_add and set_delete as DynamoDB's ADD and DELETE of set members. */
  private setAction(): UpdateAction {
    const path = this.path();
    this.punct('=');
    const value = this.operand();
    if (value.kind === 'call' && (value.name === 'set_add' || value.name === 'set_delete')) {
      const added = value.args[1];
      if (!added || added.kind !== 'value')
        throw new PartiqlSyntaxError(`${value.name} takes an attribute and a set`);
      return { kind: value.name === 'set_add' ? 'add' : 'delete', path, value: added.value };
    }
    return { kind: 'set', path, value };
  }

  private returning(): string | undefined {
    if (!this.accept('RETURNING')) return undefined;
    const scope = this.next().text.toUpperCase();
    const image = this.next().text.toUpperCase();
    this.punct('*');
    const mode = `${scope}_${image}`;
    if (!['ALL_OLD', 'MODIFIED_OLD', 'ALL_NEW', 'MODIFIED_NEW'].includes(mode)) this.fail();
    return mode.replace('MODIFIED', 'UPDATED');
  }

  private where(): Condition | undefined {
    return this.accept('WHERE') ? this.condition() : undefined;
  }

  private name(): string {
    const token = this.next();
    if (token.kind !== 'name' && token.kind !== 'quoted') this.fail(token);
    return token.text;
  }

  private source(): Source {
    const table = this.name();
    if (!this.isPunct('.')) return { table };
    this.next();
    return { table, index: this.name() };
  }

  private path(): Path {
    const path: Path = [this.name()];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        path.push(this.name());
      } else if (this.isPunct('[')) {
        this.next();
        const index = this.next();
        if (index.kind !== 'number' || !/^\d+$/.test(index.text)) this.fail(index);
        path.push(Number(index.text));
        this.punct(']');
      } else return path;
    }
  }

  private nested<T>(read: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_NESTING) throw new PartiqlSyntaxError('The statement is nested too deeply');
    try {
      return read();
    } finally {
      this.depth -= 1;
    }
  }

  private condition(): Condition {
    return this.nested(() => {
      let left = this.conjunction();
      while (this.accept('OR')) left = { kind: 'or', left, right: this.conjunction() };
      return left;
    });
  }

  private conjunction(): Condition {
    let left = this.negation();
    while (this.accept('AND')) left = { kind: 'and', left, right: this.negation() };
    return left;
  }

  private negation(): Condition {
    let negations = 0;
    while (this.accept('NOT')) negations += 1;
    let condition = this.predicate();
    for (; negations > 0; negations -= 1) condition = { kind: 'not', operand: condition };
    return condition;
  }

  private predicate(): Condition {
    if (this.isPunct('(')) {
      this.next();
      const inner = this.condition();
      this.punct(')');
      return inner;
    }
    const head = this.peek();
    if (
      head.kind === 'name' &&
      CONDITION_FUNCTIONS.has(head.text.toLowerCase()) &&
      this.peek(1).text === '('
    ) {
      this.next();
      return { kind: 'function', name: head.text.toLowerCase(), args: this.arguments() };
    }
    const subject = this.operand();
    const comparator = this.peek().kind === 'punct' ? COMPARATORS[this.peek().text] : undefined;
    if (comparator) {
      this.next();
      return { kind: 'compare', op: comparator, left: subject, right: this.operand() };
    }
    if (this.accept('BETWEEN')) {
      const low = this.operand();
      this.keyword('AND');
      return { kind: 'between', subject, low, high: this.operand() };
    }
    if (this.accept('IN')) return { kind: 'in', subject, items: this.inList() };
    if (this.accept('IS')) return this.isTest(subject);
    return this.fail();
  }

  /** `IS [NOT] MISSING` asks whether the attribute exists; `IS [NOT] NULL` whether it is NULL. */
  private isTest(subject: Operand): Condition {
    const negated = this.accept('NOT');
    let test: Condition;
    if (this.accept('MISSING')) test = { kind: 'function', name: 'attribute_not_exists', args: [subject] };
    else {
      this.keyword('NULL');
      test = {
        kind: 'function',
        name: 'attribute_type',
        args: [subject, { kind: 'value', value: { S: 'NULL' } }],
      };
    }
    return negated ? { kind: 'not', operand: test } : test;
  }

  private inList(): Operand[] {
    const close = this.isPunct('[') ? ']' : ')';
    this.punct(close === ']' ? '[' : '(');
    const items = [this.operand()];
    while (this.isPunct(',')) {
      this.next();
      items.push(this.operand());
    }
    this.punct(close);
    return items;
  }

  private arguments(): Operand[] {
    this.punct('(');
    const args = [this.operand()];
    while (this.isPunct(',')) {
      this.next();
      args.push(this.operand());
    }
    this.punct(')');
    return args;
  }

  private operand(): Operand {
    return this.nested(() => {
      let left = this.term();
      while (this.isPunct('+') || this.isPunct('-')) {
        const op = this.next().text as '+' | '-';
        left = { kind: 'arith', op, left, right: this.term() };
      }
      return left;
    });
  }

  private term(): Operand {
    const token = this.peek();
    if (token.kind === 'name' && this.peek(1).text === '(' && this.peek(1).kind === 'punct') {
      this.next();
      return { kind: 'call', name: token.text.toLowerCase(), args: this.arguments() };
    }
    if ((token.kind === 'name' && !this.isLiteralWord()) || token.kind === 'quoted')
      return { kind: 'path', path: this.path() };
    return { kind: 'value', value: this.value() };
  }

  private isLiteralWord(): boolean {
    return ['TRUE', 'FALSE', 'NULL'].some((word) => this.isKeyword(word));
  }

  value(): AttributeValue {
    return this.nested(() => this.literal());
  }

  private literal(): AttributeValue {
    const token = this.next();
    if (token.kind === 'string') return { S: token.text };
    if (token.kind === 'number') return { N: token.text };
    if (token.kind === 'param') {
      const value = this.parameters[this.parameter];
      this.parameter += 1;
      if (!value) throw new PartiqlSyntaxError("Number of parameters in request and statement don't match.");
      return value;
    }
    if (token.kind === 'punct' && token.text === '-' && this.peek().kind === 'number') {
      return { N: `-${this.next().text}` };
    }
    if (token.kind === 'name') {
      const word = token.text.toUpperCase();
      if (word === 'TRUE' || word === 'FALSE') return { BOOL: word === 'TRUE' };
      if (word === 'NULL') return { NULL: true };
    }
    if (token.kind === 'punct' && token.text === '[') return { L: this.elements(']') };
    if (token.kind === 'punct' && token.text === '<<') return setOf(this.elements('>>'));
    if (token.kind === 'punct' && token.text === '{') return { M: this.tuple() };
    return this.fail(token);
  }

  private elements(close: string): AttributeValue[] {
    const values: AttributeValue[] = [];
    while (!this.isPunct(close)) {
      values.push(this.value());
      if (!this.isPunct(close)) this.punct(',');
    }
    this.next();
    return values;
  }

  private tuple(): Item {
    const item: Item = {};
    while (!this.isPunct('}')) {
      const key = this.next();
      if (key.kind !== 'string') this.fail(key);
      this.punct(':');
      item[key.text] = this.value();
      if (!this.isPunct('}')) this.punct(',');
    }
    this.next();
    return item;
  }
}

/** `<< … >>` of strings, numbers or binaries: a set of that type. */
function setOf(values: AttributeValue[]): AttributeValue {
  if (values.length > 0 && values.every((value) => 'S' in value))
    return { SS: values.map((value) => (value as { S: string }).S) };
  if (values.length > 0 && values.every((value) => 'N' in value))
    return { NS: values.map((value) => (value as { N: string }).N) };
  if (values.length > 0 && values.every((value) => 'B' in value))
    return { BS: values.map((value) => (value as { B: string }).B) };
  throw new PartiqlSyntaxError(
    'A set holds strings, numbers or binaries, all of one type, and at least one.',
  );
}

export function parseStatement(text: string, parameters: AttributeValue[] = []): Statement {
  return new Parser(tokenize(text), parameters).statement();
}
