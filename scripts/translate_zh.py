#!/usr/bin/python3
"""Fills the untranslated entries of resources/translations/convscope_zh_CN.ts from the
glossary below (run `cmake --build build --target update_translations` first to collect new
tr() strings, then this). Entries already translated, for example in Qt Linguist, are kept.
Prints the source texts it has no translation for, so that none is forgotten."""
import json
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TS = os.path.join(HERE, "..", "resources", "translations", "convscope_zh_CN.ts")
GLOSSARY = os.path.join(HERE, "..", "resources", "translations", "glossary_zh_CN.json")


def main():
    with open(GLOSSARY, encoding="utf-8") as fh:
        glossary = json.load(fh)
    tree = ET.parse(TS)
    missing = []
    for message in tree.iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if translation.get("type") != "unfinished" and (translation.text or "").strip():
            continue
        if source in glossary:
            translation.text = glossary[source]
            translation.attrib.pop("type", None)
        else:
            missing.append(source)
    tree.write(TS, encoding="utf-8", xml_declaration=True)
    for source in missing:
        print("untranslated:", repr(source))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
