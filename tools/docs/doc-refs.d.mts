export interface Found {
  line: number;
  text: string;
}
export interface SectionCitation {
  id: string;
  page: string | null;
}
export function outsideReferences(text: string): Found[];
export function linksLeavingRepo(markdown: string, pagePath: string): string[];
export function commentsOf(source: string, kind: 'js' | 'hash'): string;
export function citationsIn(comments: string): { rules: string[]; sections: SectionCitation[] };
export function definedIds(markdown: string): Set<string>;
