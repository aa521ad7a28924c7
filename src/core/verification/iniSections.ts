// Finds `[section]` headers in an INI file (setup.cfg, tox.ini, .flake8) as Python's configparser reads them:
// a header is a whole line `[name]`; an indented line right after an option is that option's continuation, not a
// header; `#` and `;` start comment lines. Values are not parsed: the lint detection only needs to know a section
// exists.

export interface IniSection {
  readonly name: string;
  /** 1-based line of the header. */
  readonly line: number;
}

const headerLine = /^\[([^\]]+)\]\s*(?:[#;].*)?$/;

export function iniSections(text: string): IniSection[] {
  const sections: IniSection[] = [];
  let inOption = false;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '') {
      // configparser keeps empty lines inside multi-line values, but a header after one is still a header.
      return;
    }
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const indented = /^\s/.test(raw);
    if (indented && inOption) return; // continuation of the previous option's value
    const header = headerLine.exec(trimmed);
    if (header !== null) {
      sections.push({ name: (header[1] ?? '').trim(), line: index + 1 });
      inOption = false;
      return;
    }
    inOption = true;
  });
  return sections;
}

export function findIniSection(text: string, name: string): IniSection | undefined {
  return iniSections(text).find((section) => section.name === name);
}
