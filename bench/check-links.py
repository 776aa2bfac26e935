#!/usr/bin/env python3
"""Checks that every relative link and image in the repository's Markdown files resolves: the file exists and, for
`file.md#anchor` or `#anchor`, the heading exists (GitHub's slug rule). Prints each broken link; exit 1 if any.

    python3 bench/check-links.py
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = re.compile(r'!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)')


def slugs(path):
    text = re.sub(r'```.*?```', '', open(path, encoding="utf-8").read(), flags=re.S)
    out, seen = set(), {}
    for h in re.findall(r'^#{1,6}\s+(.*?)\s*#*\s*$', text, flags=re.M):
        s = re.sub(r'[^\w\- ]', '', h.strip().lower()).replace(' ', '-')
        n = seen.get(s, 0)
        seen[s] = n + 1
        out.add(s if n == 0 else f"{s}-{n}")
    return out


def main():
    files = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    bad = 0
    for rel in files:
        path = os.path.join(ROOT, rel)
        text = re.sub(r'```.*?```', '', open(path, encoding="utf-8").read(), flags=re.S)
        text = re.sub(r'`[^`\n]*`', '', text)
        for target in LINK.findall(text):
            if re.match(r'[a-z][a-z0-9+.-]*:', target):  # http:, https:, mailto:
                continue
            file_part, _, anchor = target.partition('#')
            dest = os.path.normpath(os.path.join(os.path.dirname(path), file_part)) if file_part else path
            if not os.path.exists(dest):
                print(f"{rel}: {target}: no such file")
                bad += 1
            elif anchor and dest.endswith(".md") and anchor not in slugs(dest):
                print(f"{rel}: {target}: no heading #{anchor}")
                bad += 1
    print(f"{len(files)} Markdown files, {bad} broken links", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
