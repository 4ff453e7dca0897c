import { describe, it } from "mocha";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import ts from "typescript";

/** Parses a source file (syntax only: fast, no type checking). */
function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.ES2022, true);
}

/** The JSDoc blocks of the declaration `name` in `file`, following `export { name } from` re-exports. */
function docsOf(file: string, name: string, depth = 0): ts.JSDoc[] {
  if (depth > 5) return [];
  const source = parse(file);
  const docs: ts.JSDoc[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const spec = statement.exportClause.elements.find((e) => e.name.text === name);
      if (spec) return docsOf(resolve(dirname(file), (statement.moduleSpecifier as ts.StringLiteral).text.replace(/\.js$/, ".ts")), (spec.propertyName ?? spec.name).text, depth + 1);
    }
    const declared = ts.isVariableStatement(statement)
      ? statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name)
      : (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name?.text === name;
    if (declared) docs.push(...ts.getJSDocCommentsAndTags(statement).filter(ts.isJSDoc));
  }
  return docs;
}

/**
 * The promise for the package: its entry point exports the public surface "with JSDoc and
 * an @example on each". Every name agents/index.ts exports, followed to its declaration, has a
 * documentation comment with an @example tag.
 */
describe("the SDK entry point (agents/index.ts)", () => {
  it("documents every export with JSDoc and an @example", () => {
    const entry = resolve("agents/index.ts");
    const names = parse(entry).statements.flatMap((s) =>
      ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause) ? s.exportClause.elements.map((e) => e.name.text) : [],
    );
    const undocumented = names.filter((name) => {
      const docs = docsOf(entry, name);
      return !docs.some((d) => (ts.getTextOfJSDocComment(d.comment) ?? "").trim() !== "" && (d.tags ?? []).some((t) => t.tagName.text === "example"));
    });
    expect(names.length).to.be.greaterThan(40);
    expect(undocumented).to.deep.equal([]);
  });
});
