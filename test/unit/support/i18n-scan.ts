// TypeScript 7 ships no compiler API in JavaScript, so the scan uses 5.9's (an npm alias).
import ts from 'typescript-compiler-api';

/** One piece of user-visible text written straight into a renderer file. */
export interface Finding {
  line: number;
  text: string;
  why: string;
}

/** Props whose string values people read (or hear, for aria-*). */
const VISIBLE_PROPS =
  /^(aria-label|aria-description|aria-roledescription|aria-valuetext|title|placeholder|alt|label|[a-z]+Label|heading|message|description|hint|caption|tooltip|text|confirm|cancel)$/;

/** Calls whose string arguments reach the screen: toasts, errors shown in the form. */
const VISIBLE_CALLS = /^(pushToast|toast|setError|setMessage|setStatus|announce|confirm|alert)$/;

/** Calls whose string arguments are not for people: keys, logs, programmer errors, DOM. */
const NEUTRAL_CALLS =
  /^(t|useTranslation|defineStrings|i18n\.t|i18next\.t|console\.\w+|log\.\w+|\w+\.(querySelector|querySelectorAll|closest|getAttribute|setAttribute|addEventListener|removeEventListener|startsWith|endsWith|includes|split|replace|match|test|call|on|off|emit|get|set|has)|require|import|matchMedia|Symbol|createElement)$/;

const LETTER = /\p{L}/u;
const HAN = /\p{Script=Han}/u;
/** A phrase: starts with a capital word and goes on with another word ("Queue render"). */
const PHRASE = /^[^\p{L}]*\p{Lu}\p{Ll}*[\p{L}'’]*[\s,:.…!?-]+\S*\p{L}/u;

function literalText(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return [node.head.text, ...node.templateSpans.map((span) => ` 0 ${span.literal.text}`)].join(
      '',
    );
  }
  return null;
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  return call.expression.getText().replace(/\s+/g, '');
}

function isIgnored(source: ts.SourceFile, node: ts.Node): boolean {
  const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
  const lines = source.text.split('\n');
  return [lines[line], lines[line - 1]].some((text) => text?.includes('i18n-ignore'));
}

/** 'error', 'cost-high': a value for the program (a toast's kind, an id), not a word to read. */
const TOKEN = /^[a-z][a-z0-9-]*$/;

/** Where a string sits says whether it is for people; null = not for people. */
function context(node: ts.Node): string | null {
  const why = placement(node);
  return why && TOKEN.test(literalText(node) ?? '') && why !== 'JSX child' ? null : why;
}

function placement(node: ts.Node): string | null {
  let child: ts.Node = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) return null;
    if (ts.isLiteralTypeNode(parent) || ts.isTypeNode(parent)) return null;
    if (ts.isCaseClause(parent) && parent.expression === child) return null;
    if (ts.isPropertyAssignment(parent) && parent.name === child) return null;
    if (ts.isElementAccessExpression(parent) && parent.argumentExpression === child) return null;
    if (
      ts.isBinaryExpression(parent) &&
      /^(===|!==|==|!=|in)$/.test(parent.operatorToken.getText())
    ) {
      return null;
    }
    if (ts.isNewExpression(parent) && /Error$/.test(calleeName(parent))) return null;
    if (ts.isCallExpression(parent) && parent.expression !== child) {
      const name = calleeName(parent);
      if (VISIBLE_CALLS.test(name.split('.').at(-1) ?? '')) return `argument of ${name}()`;
      if (NEUTRAL_CALLS.test(name)) return null;
      return PHRASE.test(literalText(node) ?? '') ? `phrase passed to ${name}()` : null;
    }
    if (ts.isJsxAttribute(parent)) {
      const name = parent.name.getText();
      return VISIBLE_PROPS.test(name) ? `${name}= prop` : null;
    }
    if (ts.isJsxExpression(parent) && parent.parent && !ts.isJsxAttribute(parent.parent)) {
      return 'JSX child';
    }
    if (ts.isPropertyAssignment(parent) && parent.initializer === child) {
      const key = parent.name.getText().replace(/['"]/g, '');
      if (VISIBLE_PROPS.test(key)) return `${key}: value`;
    }
    if (ts.isFunctionLike(parent) || ts.isSourceFile(parent)) break;
  }
  return PHRASE.test(literalText(node) ?? '') ? 'phrase' : null;
}

/** Every piece of user-visible text in `code` that does not go through i18n. */
export function scanSource(fileName: string, code: string): Finding[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true);
  const findings: Finding[] = [];
  const report = (node: ts.Node, text: string, why: string) => {
    if (isIgnored(source, node)) return;
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    findings.push({ line: line + 1, text: text.trim().slice(0, 60), why });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isJsxText(node) && LETTER.test(node.text)) {
      report(node, node.text, 'JSX text');
    } else {
      const text = literalText(node);
      if (text !== null) {
        if (HAN.test(text)) report(node, text, 'Chinese outside strings.ts');
        else if (LETTER.test(text.replace(/ 0 /g, ' '))) {
          const why = context(node);
          if (why) report(node, text, why);
        }
        return;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return findings;
}
