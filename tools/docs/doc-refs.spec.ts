import { citationsIn, commentsOf, definedIds, linksLeavingRepo, outsideReferences } from './doc-refs.mjs';

// Spelled in pieces so that this file does not trip the check it tests.
const shared = ['..', 'shared'].join('/');
const oldReference = ['SMART', 'CHARGING.md'].join('-');
const oldStyle = ['STYLE', 'md'].join('.');

describe('Docs references', () => {
  describe('given a tracked file', () => {
    it('finds a path to the old shared folder and the old document names', () => {
      const text = [`see ${shared}/domain/x`, `rule (${oldReference} §2.1)`, `as ${oldStyle} says`, 'docs/style.md'];
      expect(outsideReferences(text.join('\n')).map((f) => f.line)).toEqual([1, 2, 3]);
    });

    it('finds a Markdown link that climbs out of the repository, not one that stays inside', () => {
      const page = `[a](../architecture.md) [b](../../${shared}/x.md) [c](https://example.com/../x) [d](zappi.md#z7)`;
      expect(linksLeavingRepo(page, 'docs/domain/README.md')).toEqual([`../../${shared}/x.md`]);
    });
  });

  describe('given TypeScript source', () => {
    it('reads ids from comments only, not from strings, template literals or regular expressions', () => {
      const source = [
        "const id = 'Z1'; // the slot pool (Z7)",
        'const re = /Q4\\/x/g; const t = `V8 ${id}`;',
        '/** Replaces the TxDefaultProfile (Z8, §2.1). */',
        'const ratio = a / b; // a division, then Q2',
      ].join('\n');
      expect(citationsIn(commentsOf(source, 'js'))).toEqual({
        rules: ['Z7', 'Z8', 'Q2'],
        sections: [{ id: '§2.1', page: null }],
      });
    });

    it('leaves out sections of the OCA documents and keeps the page a section is cited from', () => {
      const comments = 'OCPP-J §4.1.1; Spec §3.13.2; errata §3.8; OCPP 1.6 §4.10; docs/domain/ocpp16.md §3.5; §3.14';
      expect(citationsIn(comments).sections).toEqual([
        { id: '§3.5', page: 'docs/domain/ocpp16.md' },
        { id: '§3.14', page: null },
      ]);
    });
  });

  describe('given shell or YAML', () => {
    it('reads # comments, not the commands', () => {
      expect(citationsIn(commentsOf('echo Z9 # recipe: docs/stack.md §13\n#!/bin/sh\n', 'hash'))).toEqual({
        rules: [],
        sections: [{ id: '§13', page: 'docs/stack.md' }],
      });
    });
  });

  describe('given a docs page', () => {
    it('defines the ids of first table cells and headings, with or without an anchor', () => {
      const page = [
        '## <a id="s3-5"></a>§3.5 One outstanding call',
        '| id | fact |',
        '| <a id="z7"></a>Z7 | 84 slots |',
        '| **Q4** | over budget |',
        '| x | mentions V21 in passing |',
      ].join('\n');
      expect([...definedIds(page)].sort()).toEqual(['Q4', 'Z7', '§3.5']);
    });
    it('defines the id a list item starts with in bold, not one it only mentions', () => {
      const page = ['- **L2 Desired.** supersedes (see L5)', '- **D5 `isOnCharger`** — …', '- plain G1 mention'].join(
        '\n',
      );
      expect([...definedIds(page)].sort()).toEqual(['D5', 'L2']);
    });
    it('defines and cites an id with a letter after its number (a rule added beside another)', () => {
      const page = ['| <a id="z17a"></a>Z17a | a read |', '- **L4a Presence again.** …'].join('\n');
      expect([...definedIds(page)].sort()).toEqual(['L4a', 'Z17a']);
      expect(citationsIn('Z17a: overdue, unlike Z17 and L4a').rules).toEqual(['Z17a', 'Z17', 'L4a']);
    });
  });
});
